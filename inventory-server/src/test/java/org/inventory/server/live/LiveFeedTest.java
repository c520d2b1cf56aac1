package org.inventory.server.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.types.ObjectId;
import org.inventory.server.DisplayFixture;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.server.ingest.IngestLimits;
import org.inventory.testkit.Await;
import org.inventory.testkit.Http;
import org.inventory.testkit.PrometheusText;
import org.inventory.testkit.SseClient;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /live} on the in-process source (the embedded store has no change streams): a real server on port 0,
 * records sent over a real WebSocket, the stream read by a real HTTP client.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveFeedTest {
    private static final String COLLECTION = "live_feed";

    private InventoryServer server;
    private WsClient ingest;

    @BeforeEach
    void start() {
        TestStore.emptyCollection(COLLECTION);
        server = start(Map.of());
        ingest = WsClient.connect(server.port());
    }

    private static InventoryServer start(Map<String, String> env) {
        return InventoryServer.start(
                Settings.from(TestEnv.server(COLLECTION, env)), IngestLimits.DEFAULT, Duration.ofMillis(300));
    }

    private void restart(Map<String, String> env) {
        stop();
        server = start(env);
        ingest = WsClient.connect(server.port());
    }

    @AfterEach
    void stop() {
        ingest.close();
        server.close();
    }

    private static String record(String id, String category) {
        return "{\"_id\":\"" + id + "\",\"sku\":\"S-" + id.substring(18) + "\",\"category\":\"" + category
                + "\",\"qty\":3,\"price\":{\"amount\":9.5,\"currency\":\"EUR\"}}";
    }

    private static String id() {
        return new ObjectId().toHexString();
    }

    private String ack(String message) {
        String reply = ingest.send(message).reply();
        assertTrue(reply.startsWith("{\"ok\":true"), reply);
        return reply;
    }

    @Test
    void a_record_appears_once_after_its_ack_as_its_display_item() {
        try (var feed = SseClient.subscribe(server.port(), "/live")) {
            String first = id();
            String record = record(first, "tools");
            assertEquals("{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}", ack(record));
            SseClient.Event event = feed.nextEvent();
            assertEquals("record", event.name());
            assertEquals(record, event.data());
            // Only acknowledged records: it is in the store by the time its event is read.
            assertEquals(1, TestStore.database().getCollection(COLLECTION).countDocuments());

            String second = id();
            ack(record(second, "tools"));
            assertEquals(
                    record(second, "tools"), feed.nextEvent().data(), "the next event is the next record, no repeat");
        }
    }

    @Test
    void in_upsert_mode_a_replacement_is_sent_as_the_stored_record_and_duplicates_and_stale_ones_are_not() {
        restart(Map.of("INVENTORY_WRITE_MODE", "upsert", "INVENTORY_KEY", "sku", "INVENTORY_VERSION_FIELD", "v"));
        try (var feed = SseClient.subscribe(server.port(), "/live")) {
            ack("{\"_id\":\"" + id() + "\",\"sku\":\"A\",\"v\":1,\"qty\":1}");
            String storedId = TestStore.database()
                    .getCollection(COLLECTION)
                    .find()
                    .first()
                    .getObjectId("_id")
                    .toHexString();
            assertEquals(
                    "{\"_id\":\"" + storedId + "\",\"sku\":\"A\",\"v\":1,\"qty\":1}",
                    feed.nextEvent().data());

            assertEquals(
                    "{\"ok\":true,\"seq\":2,\"inserted\":1,\"replaced\":1,\"duplicates\":1,\"stale\":1}",
                    ack("[{\"_id\":\"" + id()
                            + "\",\"sku\":\"A\",\"v\":3,\"qty\":3},{\"sku\":\"A\",\"v\":3,\"qty\":33},"
                            + "{\"sku\":\"A\",\"v\":2},{\"sku\":\"B\",\"v\":1}]"));
            List<SseClient.Event> events = feed.nextEvents(2);
            String otherId = TestStore.database()
                    .getCollection(COLLECTION)
                    .find(new org.bson.Document("sku", "B"))
                    .first()
                    .getObjectId("_id")
                    .toHexString();
            assertEquals(
                    List.of(
                            "{\"_id\":\"" + storedId + "\",\"sku\":\"A\",\"v\":3,\"qty\":3}",
                            "{\"_id\":\"" + otherId + "\",\"sku\":\"B\",\"v\":1}"),
                    events.stream().map(SseClient.Event::data).toList());
            assertEquals(
                    events.getLast().data(),
                    Http.get(server.port(), "/display?filter=%7B%22sku%22%3A%22B%22%7D")
                            .body()
                            .replaceAll(".*\"items\":\\[(.*)\\]}$", "$1"));
        }
    }

    @Test
    void the_display_item_and_the_event_agree() {
        try (var feed = SseClient.subscribe(server.port(), "/live")) {
            String id = id();
            ack(record(id, "tools"));
            String data = feed.nextEvent().data();
            String page = Http.get(server.port(), "/display").body();
            assertTrue(page.contains("\"items\":[" + data + "]"), page);
        }
    }

    @Test
    void a_filtered_feed_gets_only_matching_records_cut_to_the_fields() {
        String filter =
                java.net.URLEncoder.encode("{\"category\":\"tools\",\"qty\":{\"$gte\":2}}", StandardCharsets.UTF_8);
        try (var feed = SseClient.subscribe(server.port(), "/live?filter=" + filter + "&fields=sku")) {
            String a = id();
            String b = id();
            String c = id();
            ack("[" + record(a, "garden") + "," + record(b, "tools") + "]");
            ack(record(c, "tools"));
            List<SseClient.Event> events = feed.nextEvents(2);
            assertEquals(
                    List.of(
                            "{\"_id\":\"" + b + "\",\"sku\":\"S-" + b.substring(18) + "\"}",
                            "{\"_id\":\"" + c + "\",\"sku\":\"S-" + c.substring(18) + "\"}"),
                    events.stream().map(SseClient.Event::data).toList());
        }
    }

    @Test
    void refused_messages_and_duplicates_produce_no_event() {
        try (var feed = SseClient.subscribe(server.port(), "/live")) {
            String stored = id();
            ack(record(stored, "tools"));
            assertEquals(record(stored, "tools"), feed.nextEvent().data());

            String refused =
                    ingest.send("[" + record(id(), "tools") + ",{\"$bad\":1}]").reply();
            assertTrue(refused.contains("invalid_record"), refused);
            assertEquals("{\"ok\":true,\"seq\":3,\"inserted\":0,\"duplicates\":1}", ack(record(stored, "tools")));
            String last = id();
            ack(record(last, "tools"));
            assertEquals(record(last, "tools"), feed.nextEvent().data(), "nothing came before the last record");
        }
    }

    @Test
    void a_bad_filter_or_fields_is_a_400_naming_the_parameter() {
        var where = Http.get(
                server.port(),
                "/live?filter=" + java.net.URLEncoder.encode("{\"$where\":\"1\"}", StandardCharsets.UTF_8),
                "text/event-stream");
        assertEquals(400, where.statusCode());
        assertEquals(
                "{\"error\":{\"code\":\"invalid_parameter\",\"parameter\":\"filter\","
                        + "\"message\":\"filter operator $where is not allowed\"}}",
                where.body());
        var type = Http.get(
                server.port(),
                "/live?filter=" + java.net.URLEncoder.encode("{\"a\":{\"$type\":\"text\"}}", StandardCharsets.UTF_8),
                "text/event-stream");
        assertEquals(400, type.statusCode());
        assertTrue(type.body().contains("\"parameter\":\"filter\""), type.body());
        var fields = Http.get(server.port(), "/live?fields=a,a.b", "text/event-stream");
        assertEquals(400, fields.statusCode());
        assertTrue(fields.body().contains("\"parameter\":\"fields\""), fields.body());
    }

    /**
     * Ingest goes on, one acknowledged message after another, while the subscriber reads some events, drops the
     * connection and comes back with the last id it saw: before and after together are every acknowledged record,
     * in the order of acknowledgement, none twice.
     */
    @Test
    @SuppressWarnings("try") // the first feed is closed early: the second resumes from its last event
    void a_reconnect_with_the_last_event_id_continues_with_nothing_lost_or_repeated() throws Exception {
        int total = 300;
        var sent = new ArrayList<String>();
        var seen = new ArrayList<String>();
        String lastId;
        try (var feed = SseClient.subscribe(server.port(), "/live")) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < total; i++) {
                    String id = id();
                    synchronized (sent) {
                        sent.add(id);
                    }
                    ack("{\"_id\":\"" + id + "\",\"n\":" + i + "}");
                }
            });
            SseClient.Event event = null;
            for (int i = 0; i < 50; i++) {
                event = feed.nextEvent();
                seen.add(event.data());
            }
            lastId = event.id();
            feed.close();
            try (var again = SseClient.subscribe(server.port(), "/live", Map.of("Last-Event-ID", lastId))) {
                while (seen.size() < total) {
                    SseClient.Event next = again.nextEvent();
                    assertEquals("record", next.name(), "no gap: the buffer holds the point");
                    seen.add(next.data());
                }
                sending.get(60, TimeUnit.SECONDS);
            }
        }
        var expected = new ArrayList<String>();
        for (int i = 0; i < total; i++) {
            expected.add("{\"_id\":\"" + sent.get(i) + "\",\"n\":" + i + "}");
        }
        assertEquals(expected, seen);
        assertEquals(total, new LinkedHashSet<>(seen).size());
    }

    @Test
    void a_point_no_longer_held_or_from_another_instance_gives_a_gap_then_live_records() {
        restart(Map.of("INVENTORY_LIVE_BUFFER", "5"));
        String lastId;
        try (var feed = SseClient.subscribe(server.port(), "/live")) {
            ack(record(id(), "tools"));
            lastId = feed.nextEvent().id();
        }
        for (int i = 0; i < 6; i++) {
            ack(record(id(), "tools"));
        }
        for (String resumeFrom : List.of(lastId, "pdeadbeef-1", "garbage")) {
            try (var feed = SseClient.subscribe(server.port(), "/live", Map.of("Last-Event-ID", resumeFrom))) {
                SseClient.Event gap = feed.nextEvent();
                assertEquals("gap", gap.name(), "resuming from " + resumeFrom);
                String id = id();
                ack(record(id, "tools"));
                SseClient.Event next = feed.nextEvent();
                assertEquals(record(id, "tools"), next.data());
            }
        }
    }

    @Test
    void a_restarted_instance_does_not_take_the_old_instances_ids() {
        String lastId;
        try (var feed = SseClient.subscribe(server.port(), "/live")) {
            ack(record(id(), "tools"));
            lastId = feed.nextEvent().id();
        }
        restart(Map.of());
        ack(record(id(), "tools"));
        try (var feed = SseClient.subscribe(server.port(), "/live", Map.of("Last-Event-ID", lastId))) {
            assertEquals("gap", feed.nextEvent().name());
        }
    }

    /**
     * A subscriber that reads nothing while far more than the buffer is acknowledged: ingest is answered all the
     * same; when it reads at last, it gets what the connection held, then {@code event: lagged}, then the end.
     */
    @Test
    void a_subscriber_that_never_reads_is_closed_with_lagged_and_ingest_is_not_held_back() throws IOException {
        restart(Map.of("INVENTORY_LIVE_BUFFER", "100"));
        String big = "x".repeat(8000);
        try (var socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            socket.getOutputStream()
                    .write("GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            Await.until(
                    "the subscriber to be counted",
                    Duration.ofSeconds(10),
                    () -> PrometheusText.scrape(server.port())
                                    .value("inventory_live_subscribers")
                                    .orElseThrow()
                            == 1);
            // 2,000 records of 8 KB: far more than the buffer and the sockets can hold.
            for (int batch = 0; batch < 20; batch++) {
                var records = new StringBuilder("[");
                for (int i = 0; i < 100; i++) {
                    records.append(i == 0 ? "" : ",")
                            .append("{\"n\":")
                            .append(i)
                            .append(",\"pad\":\"")
                            .append(big)
                            .append("\"}");
                }
                ack(records.append("]").toString());
            }
            String text = readToEnd(socket.getInputStream());
            assertTrue(
                    text.endsWith(
                            "event: lagged\ndata: {\"message\":\"this subscriber fell behind by more than the feed"
                                    + " holds; reconnect with Last-Event-ID to continue after a gap\"}\n\n\r\n0\r\n\r\n"),
                    text.substring(Math.max(0, text.length() - 300)));
        }
        Await.until(
                "the subscriber to be gone",
                Duration.ofSeconds(10),
                () -> PrometheusText.scrape(server.port())
                                .value("inventory_live_subscribers")
                                .orElseThrow()
                        == 0);
        assertTrue(PrometheusText.scrape(server.port())
                        .value("inventory_live_lagged_closes_total")
                        .orElseThrow()
                >= 1);
    }

    private static String readToEnd(InputStream in) throws IOException {
        var text = new StringBuilder();
        byte[] buffer = new byte[65536];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            if (text.toString().endsWith("0\r\n\r\n")) {
                break;
            }
        }
        return text.toString();
    }

    @Test
    @SuppressWarnings("try") // the open feed only holds the one subscriber's place
    void beyond_the_most_subscribers_the_next_gets_a_503() {
        restart(Map.of("INVENTORY_MAX_SUBSCRIBERS", "1"));
        try (var feed = SseClient.subscribe(server.port(), "/live")) {
            var refused = Http.get(server.port(), "/live", "text/event-stream");
            assertEquals(503, refused.statusCode());
            assertEquals(
                    "{\"error\":{\"code\":\"unavailable\",\"message\":\"the live feed has its most subscribers (1);"
                            + " try again later\"}}",
                    refused.body());
        }
    }

    @Test
    void a_quiet_stream_gets_a_comment_within_the_heartbeat() {
        try (var feed = SseClient.subscribe(server.port(), "/live")) {
            SseClient.Event event = feed.next();
            assertEquals(new SseClient.Event(null, ":", "keep-alive"), event);
        }
    }

    @Test
    void shutting_down_sends_what_was_acknowledged_then_ends_every_stream_cleanly() {
        try (var feed = SseClient.subscribe(server.port(), "/live")) {
            // A busy stream holds events for a few milliseconds before writing them: whatever it holds goes out too.
            var sent = new ArrayList<String>();
            for (int i = 0; i < 40; i++) {
                String id = id();
                sent.add(record(id, "tools"));
                ack(record(id, "tools"));
            }
            ingest.close();
            server.close();
            for (String record : sent) {
                assertEquals(record, feed.nextEvent().data());
            }
            assertEquals("END", feed.nextEvent().name());
        }
        // Closed already: the AfterEach closes again, harmlessly.
    }

    @Test
    void metrics_count_subscribers_and_events_sent() {
        double before = PrometheusText.scrape(server.port())
                .value("inventory_live_events_sent_total")
                .orElseThrow();
        try (var feed = SseClient.subscribe(server.port(), "/live");
                var other = SseClient.subscribe(server.port(), "/live")) {
            assertEquals(
                    2,
                    PrometheusText.scrape(server.port())
                            .value("inventory_live_subscribers")
                            .orElseThrow());
            ack("[" + record(id(), "tools") + "," + record(id(), "tools") + "]");
            feed.nextEvents(2);
            other.nextEvents(2);
            assertEquals(
                    before + 4,
                    PrometheusText.scrape(server.port())
                            .value("inventory_live_events_sent_total")
                            .orElseThrow());
        }
    }

    @Test
    void a_browser_gets_the_live_page_with_its_filter_escaped() {
        String filter = "{\"sku\":\"\\\"><script>alert(1)</script>\"}";
        var page = Http.get(
                server.port(),
                "/live?filter=" + java.net.URLEncoder.encode(filter, StandardCharsets.UTF_8),
                DisplayFixture.BROWSER_ACCEPT);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        var html = DisplayFixture.parse(page.body());
        assertEquals(filter, html.selectFirst("input[name=filter]").attr("value"));
        assertEquals(1, html.select("script").size(), "only the page's own script");
        String nonce = html.selectFirst("script").attr("nonce");
        assertTrue(page.headers()
                .firstValue("Content-Security-Policy")
                .orElseThrow()
                .contains("'nonce-" + nonce + "'"));
    }

    static Map<String, String> env(String... pairs) {
        var env = new HashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
