package org.inventory.server.insight;

import java.time.Clock;
import java.time.Duration;

import org.inventory.core.store.InventoryRepository;

/** The insight routes over one repository, built together: {@code /summary}, {@code /schema}, {@code /overview}. */
public final class Insight {
    private final SummaryService summary;

    public Insight(InventoryRepository repository, Duration queryTimeout, Clock clock) {
        this.summary = new SummaryService(repository, queryTimeout, clock);
    }

    public SummaryService summary() {
        return summary;
    }
}
