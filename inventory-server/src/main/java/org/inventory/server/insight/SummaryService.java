package org.inventory.server.insight;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonValue;
import org.inventory.core.RecordJson;
import org.inventory.core.store.RecordQueries;
import org.inventory.server.http.QueryParameters;
import org.inventory.server.http.ReadAccess;

/**
 * {@code GET /summary}: records grouped by one or two paths, or by arrival time, with the count and numeric
 * aggregates, as JSON (default), CSV or NDJSON (see {@link SummaryQuery} for how it is computed).
 */
public final class SummaryService implements HttpService {
    static final List<String> FORMATS = List.of("json", "csv", "ndjson");

    private final SummaryQuery query;
    private final InsightCache cache;
    private final Clock clock;

    SummaryService(RecordQueries queries, Duration queryTimeout, InsightCache cache, Clock clock) {
        this.query = new SummaryQuery(queries, queryTimeout);
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::summary);
    }

    private void summary(ServerRequest req, ServerResponse res) throws IOException {
        String format = QueryParameters.choice(req.query(), "format", FORMATS).orElse("json");
        SummaryRequest request = SummaryRequest.from(req.query(), ReadAccess.restriction(req), clock.instant());
        InsightCache.Aged<Summary> answer =
                cache.get(request.cacheKey(), InsightCache.noCache(req), () -> query.run(request));
        Summary summary = answer.value();
        cache.age(answer, res);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        switch (format) {
            case "csv" -> {
                res.headers().contentType(HttpMediaType.create("text/csv; charset=utf-8; header=present"));
                res.send(csv(summary));
            }
            case "ndjson" -> {
                res.headers().contentType(HttpMediaType.create("application/x-ndjson"));
                var text = new StringBuilder();
                for (Summary.Row row : summary.rows()) {
                    text.append(json(out -> writeRow(summary, row, out))).append('\n');
                }
                res.send(text.toString());
            }
            default -> {
                res.headers().contentType(HttpMediaType.create("application/json"));
                res.send(json(out -> write(summary, out)));
            }
        }
    }

    /** {@code {"group":[…],"rows":[…]}}. */
    static void write(Summary summary, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("group");
        for (String path : summary.group()) {
            out.writeString(path);
        }
        out.writeEndArray();
        out.writeArrayFieldStart("rows");
        for (Summary.Row row : summary.rows()) {
            writeRow(summary, row, out);
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    /** A row: its key under each group path (or {@code start}), or {@code "other":true}; the count; the aggregates. */
    static void writeRow(Summary summary, Summary.Row row, JsonGenerator out) throws IOException {
        out.writeStartObject();
        if (row.other()) {
            out.writeBooleanField("other", true);
        } else {
            List<String> names = keyNames(summary);
            for (int i = 0; i < names.size(); i++) {
                out.writeFieldName(names.get(i));
                writeValue(row.key().get(i), out);
            }
        }
        out.writeNumberField("count", row.count());
        for (var aggregate : row.aggregates().entrySet()) {
            out.writeFieldName(aggregate.getKey());
            writeValue(aggregate.getValue(), out);
        }
        out.writeEndObject();
    }

    /** The names of a row's key: the group paths, or {@code start} for arrival buckets. */
    static List<String> keyNames(Summary summary) {
        return summary.group().getFirst().startsWith(Arrival.PREFIX) ? List.of("start") : summary.group();
    }

    static void writeValue(BsonValue value, JsonGenerator out) throws IOException {
        out.writeRawValue(RecordJson.compact(value));
    }

    private static String csv(Summary summary) {
        var columns = new ArrayList<>(keyNames(summary));
        columns.add("count");
        columns.addAll(summary.columns());
        columns.add("other");
        var text = new StringBuilder();
        text.append(String.join(
                        ",", columns.stream().map(SummaryService::csvCell).toList()))
                .append("\r\n");
        for (Summary.Row row : summary.rows()) {
            var cells = new ArrayList<String>();
            for (int i = 0; i < keyNames(summary).size(); i++) {
                cells.add(row.other() ? "" : csvCell(text(row.key().get(i))));
            }
            cells.add(Long.toString(row.count()));
            for (BsonValue value : row.aggregates().values()) {
                cells.add(csvCell(text(value)));
            }
            cells.add(row.other() ? "true" : "");
            text.append(String.join(",", cells)).append("\r\n");
        }
        return text.toString();
    }

    /** A value as a CSV cell's text: strings as they are, null as nothing, others as compact JSON. */
    private static String text(BsonValue value) {
        if (value.isNull()) {
            return "";
        }
        return value.isString() ? value.asString().getValue() : RecordJson.compact(value);
    }

    /** RFC 4180 quoting; a cell a spreadsheet would run as a formula gets a leading apostrophe. */
    private static String csvCell(String value) {
        String cell = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !value.matches("-?[0-9.eE+-]+")
                ? "'" + value
                : value;
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }

    interface JsonBody {
        void write(JsonGenerator out) throws IOException;
    }

    static String json(JsonBody body) {
        var text = new StringWriter();
        try (JsonGenerator out = RecordJson.FACTORY.createGenerator(text)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
