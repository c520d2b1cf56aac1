package org.inventory.server.insight;

import java.time.Clock;
import java.time.Duration;

import org.inventory.core.store.InventoryRepository;

/** The insight routes over one repository, built together: {@code /summary}, {@code /schema}, {@code /overview}. */
public final class Insight {
    private final SummaryService summary;
    private final SchemaService schema;

    public Insight(InventoryRepository repository, Duration queryTimeout, int countLimit, Clock clock) {
        this.summary = new SummaryService(repository, queryTimeout, clock);
        this.schema = new SchemaService(repository, queryTimeout, countLimit);
    }

    public SchemaService schema() {
        return schema;
    }

    public SummaryService summary() {
        return summary;
    }
}
