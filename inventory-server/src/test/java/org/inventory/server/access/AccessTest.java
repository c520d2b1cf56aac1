package org.inventory.server.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.ConfigException;
import org.inventory.server.config.Settings;
import org.inventory.testkit.Await;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named credentials end to end (docs/security.md): the scope matrix on every route and on ingest, expiry and
 * revocation by a reload, {@code ingest_filter} and {@code read_filter}, rates, the guard against guessing,
 * provenance and the audit trail, over a real server with the JDK's HTTP and WebSocket clients.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AccessTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final List<String> READ_ROUTES = List.of("/display", "/export", "/openapi", "/live");
    private static final String ADMIN = "admin-token-0123456789";
    private static final String DOCK = "dock-token-0123456789";
    private static final String VIEWER = "viewer-token-0123456789";
    private static final String OLD = "old-token-0123456789";
    private static final String SLOW = "slow-token-0123456789";

    @TempDir
    Path dir;

    private Path credentials;
    private Path audit;
    private InventoryServer server;
    private static int collections;

    @BeforeEach
    void start() throws IOException {
        credentials = dir.resolve("credentials.jsonl");
        audit = dir.resolve("audit.jsonl");
        Files.writeString(
                credentials,
                String.join(
                        "\n",
                        "# who may do what",
                        line("admin", ADMIN, "\"ingest\",\"read\"", ""),
                        line("dock", DOCK, "\"ingest\"", ",\"ingest_filter\":{\"warehouse\":\"A\"}"),
                        line("viewer", VIEWER, "\"read\"", ",\"read_filter\":{\"warehouse\":\"A\"}"),
                        line("old", OLD, "\"ingest\",\"read\"", ",\"expires\":\"2020-01-01T00:00:00Z\""),
                        line("slow", SLOW, "\"ingest\",\"read\"", ",\"rate\":{\"records_per_s\":0.001,\"burst\":3}"),
                        ""));
        server = start(Map.of());
    }

    private InventoryServer start(Map<String, String> more) {
        var env = new HashMap<>(Map.of(
                "INVENTORY_CREDENTIALS_FILE",
                credentials.toString(),
                "INVENTORY_AUDIT_LOG",
                audit.toString(),
                "INVENTORY_SOURCE_FIELD",
                "_source",
                "INVENTORY_AUTH_FAILURES_PER_MIN",
                "1000"));
        env.putAll(more);
        return InventoryServer.start(
                Settings.from(TestEnv.server("access_" + ++collections + "_" + System.nanoTime(), env)));
    }

    /** Every log record of the test, from every logger: no token or hash may be in any of them. */
    private final List<String> logged = java.util.Collections.synchronizedList(new ArrayList<>());

    private final java.util.logging.Handler capture = new java.util.logging.Handler() {
        @Override
        public void publish(java.util.logging.LogRecord record) {
            logged.add(record.getLoggerName() + " " + new java.util.logging.SimpleFormatter().formatMessage(record)
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        capture.setLevel(java.util.logging.Level.ALL);
        java.util.logging.Logger.getLogger("").addHandler(capture);
        java.util.logging.Logger.getLogger(Audit.LOGGER).setLevel(java.util.logging.Level.ALL);
    }

    @AfterEach
    void stop() {
        server.close();
        java.util.logging.Logger.getLogger("").removeHandler(capture);
        List<String> secrets = List.of(
                ADMIN,
                DOCK,
                VIEWER,
                OLD,
                SLOW,
                "unknown-token",
                "guess-0",
                Credential.hashHex(ADMIN),
                Credential.hashHex(DOCK),
                Credential.hashHex(VIEWER));
        synchronized (logged) {
            for (String line : logged) {
                for (String secret : secrets) {
                    assertFalse(line.contains(secret), "a log line shows a token or its hash: " + line);
                }
            }
        }
        for (String line : auditLines()) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "an audit line shows a token or its hash: " + line);
            }
        }
    }

    private static String line(String name, String token, String scopes, String more) {
        return "{\"name\":\"" + name + "\",\"sha256\":\"" + Credential.hashHex(token) + "\",\"scopes\":[" + scopes + "]"
                + more + "}";
    }

    @Test
    void every_read_route_asks_for_a_token_with_the_read_scope() throws Exception {
        for (String route : READ_ROUTES) {
            assertEquals(401, status(route, null), route + " without a token");
            assertEquals(401, status(route, "unknown-token"), route + " with an unknown token");
            assertEquals(401, status(route, OLD), route + " with an expired token");
            assertEquals(403, status(route, DOCK), route + " with an ingest-only token");
            assertEquals(200, status(route, VIEWER), route + " with a read token");
            assertEquals(200, status(route, ADMIN), route + " with both scopes");
        }
        HttpResponse<String> missing = get("/display", null);
        assertTrue(missing.headers().allValues("WWW-Authenticate").stream().anyMatch(v -> v.startsWith("Bearer")));
        HttpResponse<String> forbidden = get("/display", DOCK);
        assertEquals(
                "forbidden",
                BsonDocument.parse(forbidden.body())
                        .getDocument("error")
                        .getString("code")
                        .getValue());
        // Basic, as browsers send it, with the token as the password.
        String basic =
                java.util.Base64.getEncoder().encodeToString(("anyone:" + VIEWER).getBytes(StandardCharsets.UTF_8));
        assertEquals(
                200,
                HTTP.send(
                                request("/display")
                                        .header("Authorization", "Basic " + basic)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
        // What stays open.
        assertEquals(200, status("/health", null));
        assertEquals(200, status("/metrics", null));
    }

    @Test
    void ingest_asks_for_a_token_with_the_ingest_scope_before_the_upgrade() {
        for (String token : new String[] {null, "unknown-token", OLD}) {
            var e = assertThrows(IllegalStateException.class, () -> WsClient.connect(server.port(), auth(token)));
            assertTrue(e.getMessage().contains("401"), token + ": " + e.getMessage());
        }
        var e = assertThrows(IllegalStateException.class, () -> WsClient.connect(server.port(), auth(VIEWER)));
        assertTrue(e.getMessage().contains("403"), e.getMessage());
        try (var client = WsClient.connect(server.port(), auth(ADMIN))) {
            assertEquals(
                    "{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}",
                    client.send("{\"warehouse\":\"B\"}").reply());
        }
        assertEquals(1, total(ADMIN));
    }

    @Test
    void a_record_outside_the_ingest_filter_refuses_its_whole_message() {
        try (var dock = WsClient.connect(server.port(), auth(DOCK))) {
            BsonDocument refused = BsonDocument.parse(dock.send(
                            "[{\"warehouse\":\"A\",\"n\":1},{\"warehouse\":\"B\",\"n\":2},{\"warehouse\":\"A\",\"n\":3}]")
                    .reply());
            assertFalse(refused.getBoolean("ok").getValue());
            BsonDocument error = refused.getDocument("error");
            assertEquals("forbidden", error.getString("code").getValue());
            assertEquals(1, error.getInt32("index").getValue());
            assertFalse(error.getBoolean("retryable").getValue());
            assertEquals(0, total(ADMIN), "nothing of a refused message is stored");
            assertTrue(BsonDocument.parse(dock.send("[{\"warehouse\":\"A\"},{\"warehouse\":\"A\"}]")
                            .reply())
                    .getBoolean("ok")
                    .getValue());
        }
        assertEquals(2, total(ADMIN));
    }

    @Test
    void each_stored_record_says_who_sent_it_and_a_record_may_not_say_so_itself() {
        try (var dock = WsClient.connect(server.port(), auth(DOCK))) {
            BsonDocument error = BsonDocument.parse(
                            dock.send("{\"warehouse\":\"A\",\"_source\":{\"credential\":\"admin\"}}")
                                    .reply())
                    .getDocument("error");
            assertEquals("invalid_record", error.getString("code").getValue());
            assertEquals("_source", error.getString("path").getValue());
            dock.send("{\"warehouse\":\"A\",\"sku\":\"S-1\"}").reply();
        }
        BsonDocument item = BsonDocument.parse(get("/display", ADMIN).body())
                .getArray("items")
                .get(0)
                .asDocument();
        assertEquals("S-1", item.getString("sku").getValue());
        BsonDocument source = item.getDocument("_source");
        assertEquals("dock", source.getString("credential").getValue());
        assertTrue(source.containsKey("received"), source.toJson());
    }

    @Test
    void a_read_filter_narrows_every_read_route() throws Exception {
        try (var live = openLive(VIEWER);
                var admin = WsClient.connect(server.port(), auth(ADMIN))) {
            admin.send("[{\"warehouse\":\"A\",\"n\":1},{\"warehouse\":\"B\",\"n\":2},{\"warehouse\":\"A\",\"n\":3}]")
                    .reply();
            assertEquals(List.of(1, 3), live.numbers(2), "live events");
        }
        assertEquals(3, total(ADMIN));
        assertEquals(2, total(VIEWER));
        HttpResponse<String> filtered = get("/display?filter=" + enc("{\"n\":{\"$gte\":2}}"), VIEWER);
        assertEquals(1, BsonDocument.parse(filtered.body()).getArray("items").size(), filtered.body());
        String export = get("/export?format=ndjson", VIEWER).body();
        assertEquals(2, export.strip().split("\n").length, export);
        assertFalse(export.contains("\"B\""), export);
        BsonDocument summary =
                BsonDocument.parse(get("/summary?group=warehouse", VIEWER).body());
        assertEquals(1, summary.getArray("rows").size(), summary.toJson());
        assertEquals(
                2,
                summary.getArray("rows").get(0).asDocument().getNumber("count").intValue(),
                summary.toJson());
        assertEquals(
                2,
                BsonDocument.parse(get("/schema", VIEWER).body())
                        .getNumber("sampled")
                        .intValue());
        assertEquals(
                2,
                BsonDocument.parse(get("/overview?format=json", VIEWER).body())
                        .getNumber("total")
                        .intValue());
        assertEquals(
                3,
                BsonDocument.parse(get("/overview?format=json", ADMIN).body())
                        .getNumber("total")
                        .intValue());
    }

    @Test
    void the_insight_cache_keeps_the_answers_of_each_read_filter_apart() throws Exception {
        server.close();
        server = start(Map.of("INVENTORY_INSIGHT_CACHE_SECONDS", "600"));
        try (var admin = WsClient.connect(server.port(), auth(ADMIN))) {
            admin.send("[{\"warehouse\":\"A\",\"n\":1},{\"warehouse\":\"B\",\"n\":2},{\"warehouse\":\"A\"}]")
                    .reply();
        }
        for (int round = 0; round < 2; round++) {
            for (String token : List.of(VIEWER, ADMIN)) {
                int expected = token.equals(VIEWER) ? 2 : 3;
                HttpResponse<String> summary = get("/summary?group=status", token);
                assertEquals(
                        expected,
                        BsonDocument.parse(summary.body())
                                .getArray("rows")
                                .get(0)
                                .asDocument()
                                .getNumber("count")
                                .intValue(),
                        summary.body());
                assertTrue(summary.headers().firstValue("Age").isPresent(), "Age");
                assertEquals(
                        expected,
                        BsonDocument.parse(get("/schema", token).body())
                                .getNumber("sampled")
                                .intValue());
                assertEquals(
                        expected,
                        BsonDocument.parse(get("/overview?format=json", token).body())
                                .getNumber("total")
                                .intValue());
            }
        }
    }

    @Test
    void a_credential_over_its_rate_is_told_when_to_come_back_and_nothing_is_stored() {
        try (var slow = WsClient.connect(server.port(), auth(SLOW))) {
            assertTrue(BsonDocument.parse(slow.send("[{\"warehouse\":\"A\"},{\"warehouse\":\"A\"}]")
                            .reply())
                    .getBoolean("ok")
                    .getValue());
            BsonDocument error = BsonDocument.parse(slow.send("[{\"warehouse\":\"A\"},{\"warehouse\":\"A\"}]")
                            .reply())
                    .getDocument("error");
            assertEquals("rate_limited", error.getString("code").getValue());
            assertTrue(error.getBoolean("retryable").getValue());
            assertTrue(error.getNumber("retry_after_ms").longValue() > 0, error.toJson());
        }
        assertEquals(2, total(ADMIN));
        // The one token left of its burst goes to a read; the next read is a 429 with Retry-After.
        assertEquals(200, status("/display", SLOW));
        HttpResponse<String> limited = get("/display", SLOW);
        assertEquals(429, limited.statusCode());
        assertTrue(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()) >= 1);
    }

    @Test
    void a_reload_revokes_adds_and_keeps_the_old_set_when_the_new_file_is_broken() throws Exception {
        assertEquals(200, status("/display", VIEWER));
        try (var dock = WsClient.connect(server.port(), auth(DOCK))) {
            String fresh = "fresh-token-0123456789";
            Files.writeString(
                    credentials,
                    line("admin", ADMIN, "\"ingest\",\"read\"", "") + "\n" + line("fresh", fresh, "\"read\"", "")
                            + "\n");
            Await.until("the reload", Duration.ofSeconds(20), () -> status("/display", fresh) == 200);
            assertEquals(401, status("/display", VIEWER), "revoked by deleting its line");
            BsonDocument error = BsonDocument.parse(
                            dock.send("{\"warehouse\":\"A\"}").reply())
                    .getDocument("error");
            assertEquals("forbidden", error.getString("code").getValue(), "an open connection of a revoked credential");

            Files.writeString(credentials, "{\"name\":\"broken\"\n");
            Await.until(
                    "the refused reload in the audit log",
                    Duration.ofSeconds(20),
                    () -> auditLines().stream()
                            .anyMatch(l -> l.contains("\"event\":\"reload\"") && l.contains("\"ok\":false")));
            assertEquals(200, status("/display", fresh), "a broken file keeps the previous credentials");
        }
    }

    @Test
    void too_many_failures_from_one_address_are_refused_for_a_minute_whatever_the_token() throws Exception {
        server.close();
        server = start(Map.of("INVENTORY_AUTH_FAILURES_PER_MIN", "3"));
        for (int i = 0; i < 4; i++) {
            assertEquals(401, status("/display", "guess-" + i));
        }
        HttpResponse<String> blocked = get("/display", ADMIN);
        assertEquals(429, blocked.statusCode());
        assertTrue(blocked.headers().firstValue("Retry-After").isPresent());
        var e = assertThrows(IllegalStateException.class, () -> WsClient.connect(server.port(), auth(ADMIN)));
        assertTrue(e.getMessage().contains("429"), e.getMessage());
    }

    @Test
    void the_audit_log_records_refusals_and_use_and_never_a_token() throws Exception {
        status("/display", "unknown-token");
        status("/display", DOCK);
        try (var client = WsClient.connect(server.port(), auth(DOCK))) {
            client.send("{\"warehouse\":\"A\"}").reply();
        }
        Await.until(
                "the disconnect line",
                Duration.ofSeconds(20),
                () -> auditLines().stream().anyMatch(l -> l.contains("\"event\":\"disconnect\"")));
        List<String> lines = auditLines();
        assertTrue(
                lines.stream()
                        .anyMatch(
                                l -> l.contains("\"event\":\"auth_refused\"") && l.contains("\"reason\":\"unknown\"")),
                lines.toString());
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.contains("\"reason\":\"scope\"") && l.contains("\"credential\":\"dock\"")),
                lines.toString());
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.contains("\"event\":\"connect\"") && l.contains("\"credential\":\"dock\"")),
                lines.toString());
        assertTrue(
                lines.stream().anyMatch(l -> l.contains("\"event\":\"disconnect\"") && l.contains("\"records\":1")),
                lines.toString());
        for (String line : lines) {
            BsonDocument.parse(line);
            for (String secret : List.of(ADMIN, DOCK, VIEWER, OLD, SLOW, "unknown-token", Credential.hashHex(DOCK))) {
                assertFalse(line.contains(secret), line);
            }
        }
    }

    @Test
    void the_file_and_the_single_tokens_are_one_way_or_the_other_and_a_bad_file_stops_the_start() throws IOException {
        var both = assertThrows(
                ConfigException.class,
                () -> Settings.from(Map.of("INVENTORY_CREDENTIALS_FILE", credentials.toString(), "INGEST_TOKEN", "x")));
        assertTrue(
                both.getMessage().contains("INVENTORY_CREDENTIALS_FILE")
                        && both.getMessage().contains("INGEST_TOKEN"),
                both.getMessage());
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(
                bad,
                line("a", ADMIN, "\"read\"", "") + "\n{\"name\":\"b\",\"sha256\":\"nothex\",\"scopes\":[\"read\"]}\n");
        var e = assertThrows(ConfigException.class, () -> start(Map.of("INVENTORY_CREDENTIALS_FILE", bad.toString())));
        assertTrue(
                e.getMessage().startsWith("INVENTORY_CREDENTIALS_FILE")
                        && e.getMessage().contains("line 2: sha256"),
                e.getMessage());
        assertFalse(e.getMessage().contains(Credential.hashHex(ADMIN)), e.getMessage());
    }

    private List<String> auditLines() {
        try {
            return Files.readAllLines(audit);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Map<String, String> auth(String token) {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private int total(String token) {
        return BsonDocument.parse(get("/display", token).body())
                .getNumber("total")
                .intValue();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
    }

    private HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = request(path);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (token != null && response.statusCode() != 200) {
                assertFalse(response.body().contains(token), "an error body shows the token: " + response.body());
            }
            return response;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The status alone: a live stream is opened and closed again. */
    private int status(String path, String token) {
        HttpRequest.Builder request =
                request(path).header("Accept", path.startsWith("/live") ? "text/event-stream" : "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Live openLive(String token) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(
                request("/live")
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        return new Live(new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)));
    }

    /** The records of a live stream, read as they come. */
    private record Live(BufferedReader in) implements AutoCloseable {
        List<Integer> numbers(int count) throws IOException {
            var numbers = new ArrayList<Integer>();
            while (numbers.size() < count) {
                String line = in.readLine();
                if (line == null) {
                    break;
                }
                if (line.startsWith("data: ")) {
                    numbers.add(
                            BsonDocument.parse(line.substring(6)).getNumber("n").intValue());
                }
            }
            return numbers;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
