package org.inventory.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.bson.BsonDocument;
import org.inventory.server.config.Settings;
import org.inventory.server.http.FindParameters;
import org.inventory.testkit.Http;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A filter that cannot run is the client's mistake on every route that takes one: a 400 {@code invalid_parameter}
 * naming {@code filter}, never a 503 "try again" (which would send clients round forever and count as a store
 * outage), and nothing logged as SEVERE. Text that is not JSON (RFC 8259), patterns MongoDB's PCRE refuses, and
 * any filter the store itself refuses with one of MongoDB's codes for "this query cannot run".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BadFilterTest {
    private static final String COLLECTION = "bad_filters";
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /** Not JSON by RFC 8259 though MongoDB's own reader takes them; patterns PCRE refuses; values the store refuses. */
    private static final List<String> BAD_FILTERS = List.of(
            "{'a':1}",
            "{\"a\":1,}",
            "{a:1}",
            "{\"a\":1 /* c */}",
            "{\"_id\":ObjectId(\"5f1d7f1e2b3c4d5e6f708191\")}",
            "{\"name\":/x/}",
            "{\"a\":NaN}",
            "{\"name\":{\"$regex\":\"(\"}}",
            "{\"name\":{\"$regex\":\"a{2,1}\"}}",
            "{\"name\":{\"$regex\":\"[z-a]\",\"$options\":\"i\"}}",
            "{\"name\":{\"$in\":[{\"$regularExpression\":{\"pattern\":\"(\",\"options\":\"\"}}]}}",
            "{\"name\":{\"$nin\":[{\"$regularExpression\":{\"pattern\":\"*\",\"options\":\"\"}}]}}",
            "{\"tags\":{\"$all\":[{\"$regularExpression\":{\"pattern\":\")\",\"options\":\"\"}}]}}",
            "{\"name\":{\"$not\":{\"$regularExpression\":{\"pattern\":\"a{3,2}\",\"options\":\"\"}}}}",
            "{\"name\":{\"$regularExpression\":{\"pattern\":\"((a)\",\"options\":\"\"}}}",
            "{\"tags\":{\"$size\":\"x\"}}",
            "{\"name\":{\"$type\":\"text\"}}");

    private final List<LogRecord> severe = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureSevereLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void each_bad_filter_is_a_400_naming_filter_on_display_export_and_live_with_records_present() {
        var records = new ArrayList<org.bson.Document>();
        for (int i = 0; i < 50; i++) {
            records.add(new org.bson.Document("name", "item " + i).append("tags", List.of("t" + i % 3)));
        }
        TestStore.emptyCollection(COLLECTION).insertMany(records);
        try (var server = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION)))) {
            for (String filter : BAD_FILTERS) {
                String query = "filter=" + FindParameters.encode(filter);
                for (String path : new String[] {
                    "/display?" + query,
                    "/display?format=html&" + query,
                    "/display?" + query + "&sort=-name",
                    "/export?" + query,
                    "/export?format=csv&" + query,
                    "/export?format=json&" + query
                }) {
                    assertNamesFilter(Http.get(server.port(), path), path);
                    assertNamesFilter(Http.get(server.port(), path, BROWSER), path + " (a browser)");
                }
                assertNamesFilter(Http.get(server.port(), "/live?" + query, "text/event-stream"), "/live?" + query);
                HttpResponse<String> page = Http.get(server.port(), "/live?" + query, BROWSER);
                assertEquals(400, page.statusCode(), "/live page for " + filter);
            }
            assertEquals(200, Http.get(server.port(), "/health").statusCode());
            // The records are there, and a good filter still finds them.
            HttpResponse<String> good = Http.get(
                    server.port(), "/display?filter=" + FindParameters.encode("{\"name\":{\"$regex\":\"^item 1\"}}"));
            assertEquals(200, good.statusCode(), good.body());
            assertEquals(11, BsonDocument.parse(good.body()).getArray("items").size());
        }
        assertEquals(
                List.of(),
                severe.stream()
                        .map(r -> r.getLoggerName() + ": " + r.getMessage())
                        .toList());
    }

    /** A store that refuses every query with a time limit (every browse query carries one) by the code it is given. */
    private static final class RefusingBackend extends MemoryBackend {
        private volatile MongoServerError refusal;

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            MongoServerError error = refusal;
            if (error != null && query.containsKey("maxTimeMS")) {
                throw error;
            }
            return super.handleCommand(channel, database, command, query);
        }
    }

    @Test
    void a_store_that_refuses_the_query_by_each_of_mongodbs_query_codes_gives_a_400_not_a_503() {
        // MongoDB's numbers and names (error_codes.yml; Location codes where the server raises them).
        Map<Integer, String> codes = Map.of(
                2,
                "BadValue",
                9,
                "FailedToParse",
                14,
                "TypeMismatch",
                30,
                "InvalidPath",
                72,
                "InvalidOptions",
                224,
                "QueryFeatureNotAllowed",
                241,
                "ConversionFailure",
                51091,
                "Location51091",
                51108,
                "Location51108");
        var backend = new RefusingBackend();
        var store = new MongoServer(backend);
        store.bind("127.0.0.1", 0);
        try (var server = InventoryServer.start(Settings.from(TestEnv.server(
                "refusals",
                Map.of(
                        "MONGODB_URL",
                        "mongodb://127.0.0.1:" + store.getLocalAddress().getPort() + "/test"))))) {
            String query = "filter=" + FindParameters.encode("{\"quantity\":{\"$gt\":1}}");
            for (var code : codes.entrySet()) {
                backend.refusal = new MongoServerError(code.getKey(), code.getValue(), "refused as " + code.getValue());
                for (String path : new String[] {
                    "/display?" + query,
                    "/display?format=html&" + query,
                    "/display",
                    "/export",
                    "/export?format=csv&" + query,
                    "/export?format=json&" + query
                }) {
                    HttpResponse<String> response = Http.get(server.port(), path);
                    assertNamesFilter(response, code + " " + path);
                    assertTrue(response.body().contains("refused as " + code.getValue()), response.body());
                }
            }
            backend.refusal = null;
            assertEquals(200, Http.get(server.port(), "/health").statusCode());
            // A code that means the server, not the query, is still the store failing: 503, try again.
            backend.refusal = new MongoServerError(91, "ShutdownInProgress", "shutting down");
            assertEquals(503, Http.get(server.port(), "/display?" + query).statusCode());
        } finally {
            store.shutdownNow();
        }
        // This store stands in for a MongoDB in another process, whose own log is not the service's.
        assertEquals(
                List.of(),
                severe.stream()
                        .filter(r -> !r.getLoggerName().startsWith("de.bwaldvogel."))
                        .map(r -> r.getLoggerName() + ": " + r.getMessage())
                        .toList());
    }

    private static void assertNamesFilter(HttpResponse<String> response, String what) {
        assertEquals(400, response.statusCode(), what + ": " + response.body());
        BsonDocument error = BsonDocument.parse(response.body()).getDocument("error");
        assertEquals("invalid_parameter", error.getString("code").getValue(), what);
        assertEquals("filter", error.getString("parameter").getValue(), what);
        assertTrue(error.getString("message").getValue().startsWith("filter "), what + ": " + error);
    }
}
