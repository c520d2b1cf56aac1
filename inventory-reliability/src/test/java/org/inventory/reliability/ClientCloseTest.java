package org.inventory.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.inventory.embedded.EmbeddedStore;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.Await;
import org.inventory.testkit.PrometheusText;
import org.inventory.testkit.RawWebSocket;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The most common client there is sends its records and closes without reading a reply. A client's Close
 * ends reading, not the work: every message before it is stored and answered, then the Close is echoed.
 * Tried with client libraries this project did not write, and with raw bytes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClientCloseTest {
    private static final String COLLECTION = "client_close";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int RECORDS = 1_000;
    private static final int ROUNDS = 20;
    /** Every store write, failed ones included, as the server counts them. */
    private static final String STORE_WRITES = "inventory_store_write_seconds_count{scope=\"application\",}";

    private static InventoryServer server;
    private static MongoCollection<Document> stored;

    @TempDir
    Path dir;

    /** Whether the WebSockets go to the device port ({@code INVENTORY_DEVICE_PORT}); set by the Device* subclass. */
    static boolean onDevicePort;

    /** The server's variables, with the device port open beside the API port so that either can take ingest. */
    private static Map<String, String> env(Map<String, String> overrides) {
        var env = new java.util.HashMap<>(overrides);
        env.put("INVENTORY_DEVICE_PORT", "0");
        return TestEnv.server(COLLECTION, env);
    }

    /** Where this class's WebSockets connect: the API port, or the device port for the Device* subclass. */
    static int ingestPort(InventoryServer server) {
        return onDevicePort ? server.devicePort().orElseThrow() : server.port();
    }

    @BeforeAll
    static void startServer() {
        onDevicePort = false;
        stored = TestStore.database().getCollection(COLLECTION);
        server = InventoryServer.start(Settings.from(env(Map.of())));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void empty() {
        TestStore.emptyCollection(COLLECTION);
    }

    private static String record(String client, int round, int n) {
        return "{\"client\":\"" + client + "\",\"round\":" + round + ",\"n\":" + n + "}";
    }

    private static long storedOf(String client, int round) {
        return stored.countDocuments(Filters.and(Filters.eq("client", client), Filters.eq("round", round)));
    }

    @Test
    void java_websocket_sending_and_closing_at_once_loses_nothing_twenty_times_over() throws Exception {
        double acceptedBefore = metric("inventory_messages_accepted_total");
        for (int round = 0; round < ROUNDS; round++) {
            var client = new SendAndClose(URI.create("ws://127.0.0.1:" + ingestPort(server) + "/"));
            assertTrue(client.connectBlocking(WAIT.toSeconds(), TimeUnit.SECONDS), "connected");
            for (int n = 0; n < RECORDS; n++) {
                client.send(record("java-websocket", round, n));
            }
            // Java-WebSocket 1.6.0 closes its socket as soon as it reads anything after its own Close, even with
            // frames still in its own send queue (seen with tcpdump: a FIN before the Close frame). Those never
            // reach any server, so this client waits for its queue to empty first.
            Await.until(
                    "the client's send queue empty",
                    WAIT,
                    () -> !client.getConnection().hasBufferedData());
            client.closeBlocking();
            assertEquals(1000, client.closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            // Nor does it wait for the echo of its Close: the server stores what came all the same.
            int r = round;
            Await.until("round " + round + " stored", WAIT, () -> storedOf("java-websocket", r) == RECORDS);
        }
        // Every message was answered (counted as accepted), though the client read none of the replies.
        Await.until(
                "every message counted as accepted",
                WAIT,
                () -> metric("inventory_messages_accepted_total") - acceptedBefore == ROUNDS * RECORDS);
    }

    @Test
    void the_jdk_client_sending_and_closing_at_once_loses_nothing_twenty_times_over() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            var closed = new CompletableFuture<Integer>();
            WebSocket socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + ingestPort(server) + "/"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closed.complete(statusCode);
                            return null;
                        }
                    })
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            for (int n = 0; n < RECORDS; n++) {
                socket.sendText(record("jdk", round, n), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(1000, closed.get(WAIT.toSeconds(), TimeUnit.SECONDS), "the server echoed the Close");
            assertEquals(RECORDS, storedOf("jdk", round), "round " + round);
        }
    }

    /** Debian's Python, where its python3-websockets package installs the module. */
    private static final String PYTHON =
            Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    /**
     * The original service's own fill script's way: Python {@code websockets}, sending in an {@code async with}.
     * That client keeps at most 32 unread messages by default and then stops reading, so it never sees the
     * echo of its Close behind 1,000 replies and gives up after its close timeout: its records are stored all
     * the same. With an unbounded queue it reads on and sees the Close.
     */
    @Tag("clients")
    @Test
    void python_websockets_sending_and_closing_at_once_loses_nothing_twenty_times_over() throws Exception {
        Path script = dir.resolve("send_and_close.py");
        Files.writeString(script, """
                import asyncio, json, sys
                import websockets

                async def main(url, client, records, rounds, options):
                    for r in range(rounds):
                        async with websockets.connect(url, **options) as ws:
                            for n in range(records):
                                await ws.send(json.dumps({"client": client, "round": r, "n": n}))
                        print(ws.close_code)

                url, client, records, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
                options = {"max_queue": None} if client == "python-reading" else {"close_timeout": 1}
                asyncio.run(main(url, client, records, rounds, options))
                """);
        Assumptions.assumeTrue(
                pythonWebsockets(),
                "python3 with the websockets module (Debian's python3-websockets)"
                        + " is not installed; .ci/run installs it");
        assertEquals("1000\n".repeat(ROUNDS), python(script, "python-reading", ROUNDS));
        for (int round = 0; round < ROUNDS; round++) {
            assertEquals(RECORDS, storedOf("python-reading", round), "round " + round);
        }
        python(script, "python-not-reading", 1);
        assertEquals(RECORDS, storedOf("python-not-reading", 0));
    }

    /** Runs the script's rounds and returns what it printed: the close code the client saw in each. */
    private static String python(Path script, String client, int rounds) throws Exception {
        var process = new ProcessBuilder(
                        PYTHON,
                        script.toString(),
                        "ws://127.0.0.1:" + ingestPort(server) + "/",
                        client,
                        Integer.toString(RECORDS),
                        Integer.toString(rounds))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the python client finished");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static boolean pythonWebsockets() throws InterruptedException {
        try {
            var probe = new ProcessBuilder(PYTHON, "-c", "import websockets")
                    .redirectErrorStream(true)
                    .start();
            probe.getInputStream().readAllBytes();
            boolean usable = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
            if (!usable) {
                System.out.println(
                        "[reliability] ClientCloseTest: python3 has no websockets module; the Python client case is skipped");
            }
            return usable;
        } catch (IOException e) {
            System.out.println("[reliability] ClientCloseTest: no python3 (" + e.getMessage()
                    + "); the Python client case is skipped");
            return false;
        }
    }

    @Test
    void messages_and_a_close_in_one_tcp_write_are_all_answered_before_the_close() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            try (var socket = RawWebSocket.connect(ingestPort(server), WAIT)) {
                var bytes = new ByteArrayOutputStream();
                for (int n = 0; n < 10; n++) {
                    bytes.writeBytes(textFrame(record("raw", round, n)));
                }
                bytes.writeBytes(RawWebSocket.encode(
                        0x80 | RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8}, true, RawWebSocket.MINIMAL_LENGTH));
                socket.write(bytes.toByteArray());
                for (int seq = 1; seq <= 10; seq++) {
                    assertEquals("{\"ok\":true,\"seq\":" + seq + ",\"inserted\":1,\"duplicates\":0}", socket.reply());
                }
                assertEquals(1000, socket.closeStatus());
            }
            assertEquals(10, storedOf("raw", round), "round " + round);
        }
    }

    @Test
    void a_socket_closed_without_a_close_frame_still_has_what_it_sent_stored() throws Exception {
        try (var socket = RawWebSocket.connect(ingestPort(server), WAIT)) {
            var bytes = new ByteArrayOutputStream();
            for (int n = 0; n < RECORDS; n++) {
                bytes.writeBytes(textFrame(record("fin", 0, n)));
            }
            socket.write(bytes.toByteArray());
            socket.shutdownOutput(); // a TCP FIN, no Close frame
            Await.until("all " + RECORDS + " records stored", WAIT, () -> storedOf("fin", 0) == RECORDS);
        }
    }

    /** With the store down, each message gets {@code unavailable}, then the Close, within the drain bound. */
    @Test
    void with_the_store_down_every_message_is_answered_unavailable_and_then_the_close() throws Exception {
        var store = EmbeddedStore.start(Optional.empty());
        var settings = Settings.from(env(Map.of("MONGODB_URL", store.url(), "INVENTORY_STORE_TIMEOUT_MS", "1000")));
        try (var outage = InventoryServer.start(settings);
                var socket = RawWebSocket.connect(ingestPort(outage), WAIT)) {
            store.close();
            int messages = 2_000; // more than one store write holds, so the drain must not try the store for each
            var bytes = new ByteArrayOutputStream();
            for (int n = 0; n < messages; n++) {
                bytes.writeBytes(textFrame(record("outage", 0, n)));
            }
            bytes.writeBytes(RawWebSocket.encode(
                    0x80 | RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8}, true, RawWebSocket.MINIMAL_LENGTH));
            var before = PrometheusText.scrape(outage.port());
            socket.write(bytes.toByteArray());
            var replies = new ArrayList<String>();
            for (int seq = 1; seq <= messages; seq++) {
                replies.add(socket.reply());
            }
            assertEquals(1000, socket.closeStatus());
            double writes = PrometheusText.delta(before, PrometheusText.scrape(outage.port()), STORE_WRITES);
            var expected = new ArrayList<String>();
            for (int seq = 1; seq <= messages; seq++) {
                expected.add(
                        "{\"ok\":false,\"seq\":" + seq + ",\"error\":{\"code\":\"unavailable\",\"message\":\"the store"
                                + " is unavailable or did not answer in time; send again\",\"retryable\":true}}");
            }
            assertEquals(expected, replies);
            // Counted by the server, not timed: the writes in flight when the Close arrives (two per connection) time
            // out, and the rest is answered without the store. One write per message would be 2,000 of them; a run
            // that was queued before the Close was read may cost one more write, never a share of the messages.
            assertTrue(writes <= 4, "the drain tried the store " + writes + " times for " + messages + " messages");
            Suite.summary(
                    onDevicePort ? "DeviceClientCloseTest" : "ClientCloseTest",
                    String.format(
                            "store down (timeout 1 s): %,d messages and a Close in one write"
                                    + " answered unavailable, in order, then closed; store writes tried: %.0f",
                            messages, writes));
        } finally {
            store.close();
        }
    }

    private static byte[] textFrame(String text) {
        return RawWebSocket.encode(
                0x80 | RawWebSocket.TEXT, text.getBytes(StandardCharsets.UTF_8), true, RawWebSocket.MINIMAL_LENGTH);
    }

    private static double metric(String name) {
        return PrometheusText.scrape(server.port()).value(name).orElseThrow(() -> new AssertionError("no " + name));
    }

    /** A Java-WebSocket client that never looks at its replies and reports the status of the server's Close. */
    private static final class SendAndClose extends WebSocketClient {
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

        SendAndClose(URI uri) {
            super(uri);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {}

        @Override
        public void onMessage(String message) {}

        @Override
        public void onClose(int code, String reason, boolean remote) {
            closeCode.complete(code);
        }

        @Override
        public void onError(Exception e) {
            closeCode.completeExceptionally(e);
        }
    }
}
