package org.inventory.server.insight;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.inventory.core.FieldNames;
import org.inventory.core.query.FieldsSpec;
import org.inventory.core.query.FilterSpec;
import org.inventory.core.query.Query;
import org.inventory.core.query.SortSpec;
import org.inventory.core.store.FindResult;
import org.inventory.core.store.RecordQueries;

/**
 * The figures of {@code /overview}, computed once per request: the total, a summary per configured path (count and
 * the configured sum, top {@value #BARS} and the rest; all of them from one reading of the records), the first alerts, the arrivals per minute of the last hour
 * and the schema of a 1000-record sample. Each bar and row carries the filter that selects exactly its records,
 * for its link to {@code /display}.
 *
 * @param total    the records the caller may read that match the filter
 * @param charts   one per group path
 * @param alerts   the alert records
 * @param arrivals records per minute, oldest first
 * @param schema   the sample's profile
 * @param computed when these figures were read
 */
record Overview(
        long total,
        List<Chart> charts,
        Alerts alerts,
        Summary arrivals,
        SchemaService.Schema schema,
        Instant computed) {
    static final int BARS = 20;
    static final int ALERT_ROWS = 50;
    /** The alert table's columns at most: a phone shows a few, and every record is a link to all of its fields. */
    static final int ALERT_COLUMNS = 6;

    private static final JsonWriterSettings RELAXED =
            JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    /** One chart: the summary of one path, with each row's filter. */
    record Chart(String path, String sumPath, Summary summary, List<String> filters) {}

    /** The alert filter, how many match, the first of them and their columns. */
    record Alerts(String filter, long count, boolean capped, List<String> columns, List<RawBsonDocument> records) {}

    /** The settings of the page. */
    record Config(List<String> groups, String sumPath, FilterSpec alert, Duration queryTimeout, int countLimit) {}

    static Overview compute(
            RecordQueries queries,
            SchemaService schemas,
            Config config,
            FilterSpec restricted,
            Optional<String> ownFilter,
            Instant now) {
        var summaries = new SummaryQuery(queries, config.queryTimeout());
        var charts = new ArrayList<Chart>();
        // Every chart from one reading of the records.
        List<Summary> all = summaries.runAll(config.groups().stream()
                .map(path -> SummaryRequest.of(path, Optional.of(config.sumPath()), BARS, restricted))
                .toList());
        for (int c = 0; c < config.groups().size(); c++) {
            String path = config.groups().get(c);
            Summary summary = all.get(c);
            var filters = new ArrayList<String>();
            var shown = new BsonArray();
            for (Summary.Row row : summary.rows()) {
                if (!row.other()) {
                    shown.add(row.key().getFirst());
                    filters.add(
                            combined(ownFilter, new BsonDocument(path, row.key().getFirst())));
                } else {
                    filters.add(combined(ownFilter, new BsonDocument(path, new BsonDocument("$nin", shown.clone()))));
                }
            }
            charts.add(new Chart(path, config.sumPath(), summary, filters));
        }
        long total = charts.isEmpty()
                ? queries.count(restricted, config.countLimit(), config.queryTimeout())
                : charts.getFirst().summary().total();
        FilterSpec alertFilter = restricted.and(config.alert());
        FindResult found = queries.find(
                new Query(alertFilter, SortSpec.byId(), FieldsSpec.all(), Optional.empty(), config.queryTimeout()),
                ALERT_ROWS);
        long alertCount = found.more()
                ? queries.count(alertFilter, config.countLimit(), config.queryTimeout())
                : found.items().size();
        var alerts = new Alerts(
                combined(ownFilter, config.alert().filter()),
                alertCount,
                alertCount >= config.countLimit(),
                alertColumns(config, FieldNames.columns(found.items())),
                found.items());
        Summary arrivals = summaries.run(new SummaryRequest(
                List.of(),
                Optional.of(Arrival.of("@arrival:minute", Optional.empty(), Optional.empty(), now)),
                java.util.Map.of(),
                1,
                SummaryRequest.Sort.BY_COUNT,
                restricted));
        SchemaService.Schema schema = schemas.schema(restricted, SchemaService.DEFAULT_SAMPLE);
        return new Overview(total, charts, alerts, arrivals, schema, now);
    }

    /**
     * The alert table's columns: {@code _id} (each row's link), the fields the alert filter names, the summed path
     * and the group paths (what makes a record an alert and where it stands), then the records' other top-level
     * fields in their order (a name or a SKU, usually first) up to {@value #ALERT_COLUMNS}.
     */
    static List<String> alertColumns(Config config, List<String> fieldsOfRecords) {
        var columns = new java.util.LinkedHashSet<String>();
        columns.add("_id");
        filterPaths(config.alert().filter(), columns);
        columns.add(config.sumPath());
        columns.addAll(config.groups());
        for (String field : fieldsOfRecords) {
            if (columns.size() >= ALERT_COLUMNS) {
                break;
            }
            if (columns.stream().noneMatch(c -> c.equals(field) || c.startsWith(field + "."))) {
                columns.add(field);
            }
        }
        return List.copyOf(columns);
    }

    /** The field paths a filter names, through {@code $and}, {@code $or} and {@code $nor}. */
    private static void filterPaths(BsonDocument filter, java.util.Set<String> paths) {
        for (var entry : filter.entrySet()) {
            if (entry.getKey().startsWith("$")) {
                if (entry.getValue().isArray()) {
                    for (var clause : entry.getValue().asArray()) {
                        if (clause.isDocument()) {
                            filterPaths(clause.asDocument(), paths);
                        }
                    }
                }
            } else {
                paths.add(entry.getKey());
            }
        }
    }

    /** The filter of a part, within the client's own filter: what a link to {@code /display} carries. */
    static String combined(Optional<String> own, BsonDocument part) {
        if (own.isEmpty()) {
            return part.toJson(RELAXED);
        }
        FilterSpec parsed = FilterSpec.parse(own.get());
        return new BsonDocument("$and", new BsonArray(List.of(parsed.filter(), part))).toJson(RELAXED);
    }

    /** The filter that selects one record. */
    static String recordFilter(RawBsonDocument record) {
        return new BsonDocument("_id", record.get("_id", BsonNull.VALUE)).toJson(RELAXED);
    }

    void write(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("computed_at", computed.toString());
        out.writeNumberField("total", total);
        out.writeArrayFieldStart("charts");
        for (Chart chart : charts) {
            out.writeStartObject();
            out.writeStringField("group", chart.path());
            out.writeStringField("sum", chart.sumPath());
            out.writeArrayFieldStart("rows");
            for (int i = 0; i < chart.summary().rows().size(); i++) {
                Summary.Row row = chart.summary().rows().get(i);
                out.writeStartObject();
                if (row.other()) {
                    out.writeBooleanField("other", true);
                } else {
                    out.writeFieldName(chart.path());
                    SummaryService.writeValue(row.key().getFirst(), out);
                }
                out.writeNumberField("count", row.count());
                for (var aggregate : row.aggregates().entrySet()) {
                    out.writeFieldName(aggregate.getKey());
                    SummaryService.writeValue(aggregate.getValue(), out);
                }
                out.writeStringField("filter", chart.filters().get(i));
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeObjectFieldStart("alerts");
        out.writeStringField("filter", alerts.filter());
        out.writeNumberField("count", alerts.count());
        out.writeBooleanField("count_capped", alerts.capped());
        out.writeArrayFieldStart("records");
        for (RawBsonDocument record : alerts.records()) {
            org.inventory.core.RecordJson.write(record, out);
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeArrayFieldStart("arrivals");
        for (Summary.Row row : arrivals.rows()) {
            out.writeStartObject();
            out.writeStringField("start", row.key().getFirst().asString().getValue());
            out.writeNumberField("count", row.count());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeObjectFieldStart("schema");
        out.writeNumberField("sampled", schema.profile().records());
        out.writeFieldName("fields");
        schema.profile().writeFields(out);
        out.writeEndObject();
        out.writeEndObject();
    }
}
