package org.inventory.server.insight;

import java.time.Clock;
import org.inventory.core.store.RecordQueries;
import org.inventory.server.config.Settings;

/**
 * The insight routes over the records' queries, built together: {@code /summary}, {@code /schema}, {@code /overview}, and
 * the cache of their answers they share.
 */
public final class Insight {
    private final SummaryService summary;
    private final SchemaService schema;

    private final OverviewService overview;

    public Insight(RecordQueries queries, Settings settings, Clock clock) {
        var cache = new InsightCache(settings.insightCache(), clock);
        this.summary = new SummaryService(queries, settings.queryTimeout(), cache, clock);
        this.schema = new SchemaService(queries, settings.queryTimeout(), settings.countLimit(), cache);
        this.overview = new OverviewService(
                queries,
                schema,
                cache,
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
