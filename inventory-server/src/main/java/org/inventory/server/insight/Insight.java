package org.inventory.server.insight;

import java.time.Clock;
import org.inventory.core.store.RecordQueries;
import org.inventory.server.config.Settings;

/** The insight routes over the records' queries, built together: {@code /summary}, {@code /schema}, {@code /overview}. */
public final class Insight {
    private final SummaryService summary;
    private final SchemaService schema;

    private final OverviewService overview;

    public Insight(RecordQueries queries, Settings settings, Clock clock) {
        this.summary = new SummaryService(queries, settings.queryTimeout(), clock);
        this.schema = new SchemaService(queries, settings.queryTimeout(), settings.countLimit());
        this.overview = new OverviewService(
                queries,
                schema,
                settings.overviewGroups(),
                settings.overviewSum(),
                settings.overviewAlert(),
                settings.queryTimeout(),
                settings.countLimit(),
                clock);
    }

    public OverviewService overview() {
        return overview;
    }

    public SchemaService schema() {
        return schema;
    }

    public SummaryService summary() {
        return summary;
    }
}
