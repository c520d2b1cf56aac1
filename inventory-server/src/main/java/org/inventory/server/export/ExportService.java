package org.inventory.server.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.bson.RawBsonDocument;
import org.inventory.core.FieldNames;
import org.inventory.core.RecordJson;
import org.inventory.core.query.Query;
import org.inventory.core.store.RecordQueries;
import org.inventory.core.store.RecordStream;
import org.inventory.server.http.FindParameters;
import org.inventory.server.http.QueryParameters;
import org.inventory.server.http.ReadAccess;

/**
 * {@code GET /export}: every record of a query ({@code filter}, {@code sort}, {@code fields}) as NDJSON, CSV or one
 * JSON array, streamed from one store cursor, so memory holds one batch whatever the size of the result. The first
 * batch is read before the response starts, so a refused or too slow query is still answered with its error status;
 * a failure later can only cut the stream short, which the client sees as a transfer that did not end cleanly. A
 * client that goes away ends the store's cursor.
 */
public final class ExportService implements HttpService {
    private static final System.Logger LOG = System.getLogger(ExportService.class.getName());
    /** As many records as CSV looks at to choose its columns when {@code fields} does not name them. */
    static final int CSV_SAMPLE = 1000;

    private static final int BUFFER = 64 * 1024;
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final RecordQueries queries;
    private final Duration queryTimeout;
    private final Clock clock;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter records;

    public ExportService(RecordQueries queries, MeterRegistry registry, Duration queryTimeout, Clock clock) {
        this.queries = queries;
        this.queryTimeout = queryTimeout;
        this.clock = clock;
        this.records = registry.getOrCreate(
                Counter.builder("inventory_export_records").description("Records written by /export"));
        registry.meter(Gauge.class, "inventory_exports_open", List.of()).ifPresent(registry::remove);
        registry.getOrCreate(Gauge.builder("inventory_exports_open", open, AtomicInteger::get)
                .description("Exports streaming now, each holding one store cursor"));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::export);
    }

    private void export(ServerRequest req, ServerResponse res) throws IOException {
        ExportFormat format = QueryParameters.choice(req.query(), "format", ExportFormat.NAMES)
                .map(ExportFormat::named)
                .orElse(ExportFormat.NDJSON);
        FindParameters find = FindParameters.from(req.query(), ReadAccess.restriction(req));
        var query = new Query(find.filter(), find.sort(), find.fields(), Optional.empty(), queryTimeout);
        open.incrementAndGet();
        try (RecordStream stream = queries.stream(query)) {
            // The first batch, before anything is sent: a query the store refuses still gets its own status.
            var unused = stream.hasNext();
            res.headers().contentType(format.type());
            res.header(
                    HeaderNames.CONTENT_DISPOSITION,
                    "attachment; filename=\"inventory-" + FILE_TIME.format(clock.instant()) + "." + format.extension()
                            + "\"");
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            res.header(HeaderNames.VARY, "Accept-Encoding");
            boolean gzip = acceptsGzip(req);
            if (gzip) {
                res.header(HeaderNames.CONTENT_ENCODING, "gzip");
            }
            long written = 0;
            try (OutputStream body = body(res.outputStream(), gzip)) {
                written = switch (format) {
                    case NDJSON -> json(stream, body, false);
                    case JSON -> json(stream, body, true);
                    case CSV -> csv(stream, body, find);
                };
            } catch (RuntimeException e) {
                // Past the headers, the status is sent: cutting the stream short is the only way left to tell.
                LOG.log(Level.WARNING, "export ended early: " + e.getMessage());
                throw e;
            } finally {
                records.increment(written);
            }
        } finally {
            open.decrementAndGet();
        }
    }

    private static OutputStream body(OutputStream response, boolean gzip) throws IOException {
        return gzip ? new GZIPOutputStream(response, BUFFER) : new BufferedOutputStream(response, BUFFER);
    }

    /** Whether the request accepts gzip: named in {@code Accept-Encoding} without {@code q=0}. */
    static boolean acceptsGzip(ServerRequest req) {
        return req.headers()
                .first(HeaderNames.ACCEPT_ENCODING)
                .map(ExportService::acceptsGzip)
                .orElse(false);
    }

    static boolean acceptsGzip(String acceptEncoding) {
        for (String part : acceptEncoding.split(",", -1)) {
            String[] params = part.strip().split(";", -1);
            if (params[0].strip().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < params.length; i++) {
                    String param = params[i].strip().replace(" ", "");
                    if (param.matches("(?i)q=0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** NDJSON, a record a line, or one JSON array: the items exactly as {@code /display} writes them. */
    private long json(RecordStream stream, OutputStream body, boolean array) throws IOException {
        long count = 0;
        try (JsonGenerator out = RecordJson.FACTORY.createGenerator(body)) {
            out.setRootValueSeparator(null);
            if (array) {
                out.writeStartArray();
            }
            while (stream.hasNext()) {
                RecordJson.write(stream.next(), out);
                if (!array) {
                    out.writeRaw('\n');
                }
                count++;
            }
            if (array) {
                out.writeEndArray();
            }
        }
        return count;
    }

    /**
     * CSV with a header line: the columns are {@code fields} when given, else {@code _id} and the top-level fields of
     * the first {@value #CSV_SAMPLE} records in the order first seen (held while they are looked at).
     */
    private long csv(RecordStream stream, OutputStream body, FindParameters find) throws IOException {
        var sample = new ArrayList<RawBsonDocument>();
        List<String> columns;
        if (find.fields().whole()) {
            while (sample.size() < CSV_SAMPLE && stream.hasNext()) {
                sample.add(stream.next());
            }
            columns = FieldNames.columns(sample);
        } else {
            columns = find.fields().paths();
        }
        long count = 0;
        try (Writer text = new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), BUFFER)) {
            var csv = new CsvWriter(text, columns);
            csv.header();
            for (RawBsonDocument record : sample) {
                csv.row(record);
                count++;
            }
            sample.clear();
            while (stream.hasNext()) {
                csv.row(stream.next());
                count++;
            }
        }
        return count;
    }
}
