package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.mongodb.client.MongoCollection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bson.Document;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.Await;
import org.inventory.testkit.Http;
import org.inventory.testkit.PrometheusText;
import org.inventory.testkit.RawHttp;
import org.inventory.testkit.RawWebSocket;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the device port ({@code INVENTORY_DEVICE_PORT}) has of its own: its sockets go back to the selector between
 * messages, its reads and writes wait for readiness instead of blocking a thread, and it reads the handshake itself.
 * What it shares with the API port (replies, limits, back-pressure, outages) runs on it through the {@code Device*Test}
 * subclasses of the ingest tests.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DevicePortTest {
    private static final String COLLECTION = "device_port_test";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** The upgrade's headers after the request line and Host, ending the head. */
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
            + "\r\nSec-WebSocket-Version: 13\r\n";

    @BeforeEach
    void empty() {
        TestStore.emptyCollection(COLLECTION);
    }

    private static InventoryServer start(Map<String, String> env) {
        return start(env, IngestLimits.DEFAULT);
    }

    private static InventoryServer start(Map<String, String> env, IngestLimits limits) {
        return InventoryServer.start(Settings.from(IngestPort.DEVICE.env(COLLECTION, env)), limits);
    }

    private static int devicePort(InventoryServer server) {
        return IngestPort.DEVICE.of(server);
    }

    private static MongoCollection<Document> collection() {
        return TestStore.database().getCollection(COLLECTION);
    }

    private static String ok(long seq) {
        return "{\"ok\":true,\"seq\":" + seq + ",\"inserted\":1,\"duplicates\":0}";
    }

    /** The records {@code /display} counts, on the API port. */
    private static long displayed(InventoryServer server) {
        String body = Http.get(server.port(), "/display?page=1").body();
        var total = java.util.regex.Pattern.compile("\"total\":(\\d+)").matcher(body);
        assertTrue(total.find(), body);
        return Long.parseLong(total.group(1));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Waits until {@code count} of the device port's connections have a thread: the others are with the selector. */
    private static void awaitServed(InventoryServer server, int count) {
        Await.until(
                count + " device connection(s) served by a thread, the others silent",
                WAIT,
                () -> PrometheusText.scrape(server.port())
                                .value("inventory_ingest_device_connections_reading")
                                .orElse(-1)
                        == count);
    }

    @Test
    void a_connection_silent_between_messages_is_read_again_each_time_it_sends() throws Exception {
        try (var server = start(Map.of());
                var device = RawWebSocket.connect(devicePort(server), WAIT)) {
            for (int seq = 1; seq <= 5; seq++) {
                awaitServed(server, 0); // its thread ended: the next message wakes a new one
                device.text("{\"n\":" + seq + "}");
                assertEquals(ok(seq), device.reply());
            }
            assertEquals(5, displayed(server));
        }
    }

    @Test
    void a_handshake_that_arrives_in_pieces_is_answered_once_whole() throws Exception {
        try (var server = start(Map.of());
                var socket = socket(devicePort(server))) {
            OutputStream out = socket.getOutputStream();
            String head = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + "\r\n";
            awaitServed(server, 0); // accepted, with the selector until its first bytes
            String[] pieces = {head.substring(0, 3), head.substring(3, 40), head.substring(40)};
            for (int i = 0; i < pieces.length; i++) {
                out.write(pieces[i].getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (i < pieces.length - 1) {
                    // The first piece wakes the connection; its thread then waits, parked, for the rest of the head.
                    awaitServed(server, 1);
                }
            }
            String answer = RawHttp.readHead(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), answer);
            // RFC 6455 §1.3's example key and its answer.
            assertTrue(answer.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), answer);
        }
    }

    @Test
    void a_handshake_and_messages_in_one_write_are_all_taken() throws Exception {
        try (var server = start(Map.of());
                var socket = socket(devicePort(server))) {
            var bytes = new ByteArrayOutputStream();
            bytes.writeBytes(
                    ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + "\r\n").getBytes(StandardCharsets.US_ASCII));
            bytes.writeBytes(burst(1, 3));
            socket.getOutputStream().write(bytes.toByteArray());
            String answer = RawHttp.readHead(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), answer);
            var in = new java.io.DataInputStream(socket.getInputStream());
            for (int seq = 1; seq <= 3; seq++) {
                // An unmasked text frame of less than 126 bytes: the opcode, the length, the reply.
                assertEquals(0x81, in.readUnsignedByte());
                byte[] reply = new byte[in.readUnsignedByte()];
                in.readFully(reply);
                assertEquals(ok(seq), new String(reply, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void a_200_kb_message_arriving_in_many_small_writes_is_one_message() throws Exception {
        String record = "{\"n\":1,\"pad\":\"" + "x".repeat(200_000) + "\"}";
        byte[] frame = RawWebSocket.encode(0x80 | RawWebSocket.TEXT, utf8(record), true, RawWebSocket.MINIMAL_LENGTH);
        try (var server = start(Map.of());
                var device = RawWebSocket.connect(devicePort(server), WAIT)) {
            // The header split inside its 64-bit length and its mask, then the payload in pieces of 997 bytes:
            // frames end and begin in the middle of the server's reads.
            device.write(Arrays.copyOfRange(frame, 0, 1));
            device.write(Arrays.copyOfRange(frame, 1, 5));
            device.write(Arrays.copyOfRange(frame, 5, 12));
            for (int at = 12; at < frame.length; at += 997) {
                device.write(Arrays.copyOfRange(frame, at, Math.min(frame.length, at + 997)));
            }
            assertEquals(ok(1), device.reply());
            assertEquals(200_000, collection().find().first().getString("pad").length());
        }
    }

    @Test
    void a_fragmented_message_is_joined_and_a_ping_between_its_fragments_is_answered_at_once() throws Exception {
        try (var server = start(Map.of());
                var device = RawWebSocket.connect(devicePort(server), WAIT)) {
            device.frame(false, RawWebSocket.TEXT, utf8("[{\"sku\":\"A"));
            device.ping(utf8("between"));
            assertArrayEquals(utf8("between"), device.receivePong());
            device.frame(false, RawWebSocket.CONTINUATION, utf8("-1\"},{\"s"));
            device.frame(true, RawWebSocket.CONTINUATION, utf8("ku\":\"B-2\"}]"));
            assertEquals("{\"ok\":true,\"seq\":1,\"inserted\":2,\"duplicates\":0}", device.reply());
            assertEquals(2, collection().countDocuments());
        }
    }

    @Test
    void a_ping_on_a_silent_connection_is_answered_with_a_pong_of_its_payload() throws Exception {
        byte[] payload = new byte[125]; // the most a control frame holds
        Arrays.fill(payload, (byte) 0xA5);
        try (var server = start(Map.of());
                var device = RawWebSocket.connect(devicePort(server), WAIT)) {
            device.ping(payload);
            assertArrayEquals(payload, device.receivePong());
            device.ping(new byte[0]);
            assertArrayEquals(new byte[0], device.receivePong());
            device.text("{\"n\":1}");
            assertEquals(ok(1), device.reply());
        }
    }

    @Test
    void ten_thousand_messages_in_one_write_are_acknowledged_in_order_and_all_stored() throws Exception {
        int count = 10_000;
        byte[] frames = burst(1, count);
        try (var server = start(Map.of());
                var device = RawWebSocket.connect(devicePort(server), WAIT)) {
            // Written by another thread, so that replies are read while the 160 KB go out.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    device.write(frames);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (int seq = 1; seq <= count; seq++) {
                assertEquals(ok(seq), device.reply());
            }
            writer.join();
            assertEquals(count, displayed(server));
        }
    }

    /**
     * A client that sends on without reading its acks: the server stops reading it once the connection's bound is
     * full, its replies waiting for room in the client's socket (that wait, for the selector's OP_WRITE, is {@code
     * DeviceConnectionTest}'s) or the store behind; the test waits until the server reads no more and the client can
     * send no more. When the client reads again, every message is acknowledged, in order, and stored.
     */
    @Test
    void a_client_that_stops_reading_its_acks_gets_them_all_once_it_reads_again() throws Exception {
        // Writes of 100 messages and a bound of 500 per connection: a stall shows after few messages.
        var limits = new IngestLimits(500, 64 << 10, 1 << 20, 100, 64 << 10, 2);
        try (var server = start(Map.of(), limits);
                var device = RawWebSocket.connect(devicePort(server), WAIT)) {
            var begun = new AtomicInteger();
            var stop = new AtomicBoolean();
            // Bursts of 1,000 small messages, until the server no longer reads the connection and the client's write
            // waits. A burst's messages are counted before it is written.
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    while (!stop.get() && begun.get() < 1_000_000) {
                        device.write(burst(begun.getAndAdd(1000) + 1, 1000));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Await.until(
                    "the server to stop reading the client, and the client's write to wait",
                    Duration.ofSeconds(60),
                    () -> sender.getState() == Thread.State.WAITING
                            && gauge(PrometheusText.scrape(server.port()), "inventory_ingest_waiting_connections")
                                    == 1);
            stop.set(true);
            int seq = 0;
            while (seq < begun.get()) {
                assertEquals(ok(++seq), device.reply());
            }
            sender.join(); // it may have begun one more burst after the last count read above
            while (seq < begun.get()) {
                assertEquals(ok(++seq), device.reply());
            }
            int sent = seq;
            assertEquals(sent, collection().countDocuments());
            Await.until("the connection read again and nothing held for it", WAIT, () -> {
                var metrics = PrometheusText.scrape(server.port());
                return gauge(metrics, "inventory_ingest_waiting_connections") == 0
                        && gauge(metrics, "inventory_ingest_buffered_bytes") == 0;
            });
        }
    }

    /** {@code count} messages {@code {"n":first}}, {@code {"n":first+1}}, … as frames in one byte array. */
    private static byte[] burst(int first, int count) {
        var frames = new ByteArrayOutputStream();
        for (int n = first; n < first + count; n++) {
            frames.writeBytes(RawWebSocket.encode(
                    0x80 | RawWebSocket.TEXT, utf8("{\"n\":" + n + "}"), true, RawWebSocket.MINIMAL_LENGTH));
        }
        return frames.toByteArray();
    }

    private static double gauge(PrometheusText metrics, String name) {
        return metrics.value(name).orElseThrow(() -> new AssertionError("no " + name + " in:\n" + metrics.text()));
    }

    /** Requests the device port refuses: what it answers, with the API's error body, before it closes the socket. */
    static Stream<Arguments> refused_requests() {
        return Stream.of(
                argumentSet(
                        "a path other than / is not found",
                        "GET /display HTTP/1.1\r\nHost: h\r\n\r\n",
                        404,
                        "not_found",
                        Optional.empty()),
                argumentSet(
                        "a request without Upgrade: websocket is told to upgrade",
                        "GET / HTTP/1.1\r\nHost: h\r\n\r\n",
                        426,
                        "bad_request",
                        Optional.of("Upgrade: websocket")),
                argumentSet(
                        "a method with a control character is a bad request",
                        "G\u0001T / HTTP/1.1\r\nHost: h\r\n" + UPGRADE + "\r\n",
                        400,
                        "bad_request",
                        Optional.empty()),
                argumentSet(
                        "a header line without a colon is a bad request",
                        "GET / HTTP/1.1\r\nHost h\r\n" + UPGRADE + "\r\n",
                        400,
                        "bad_request",
                        Optional.empty()),
                argumentSet(
                        "HTTP/1.0 is not supported",
                        "GET / HTTP/1.0\r\nHost: h\r\n" + UPGRADE + "\r\n",
                        505,
                        "bad_request",
                        Optional.empty()),
                argumentSet(
                        "a head over 16 KiB is too large",
                        "GET / HTTP/1.1\r\nHost: h\r\nX-Padding: " + "p".repeat(20_000) + "\r\n" + UPGRADE + "\r\n",
                        431,
                        "bad_request",
                        Optional.empty()),
                argumentSet(
                        "a head of a megabyte is too large, and answered before the socket closes",
                        "GET / HTTP/1.1\r\nHost: h\r\nX-Padding: " + "p".repeat(1 << 20) + "\r\n" + UPGRADE + "\r\n",
                        431,
                        "bad_request",
                        Optional.empty()),
                argumentSet(
                        "an upgrade without Sec-WebSocket-Key is a bad request",
                        "GET / HTTP/1.1\r\nHost: h\r\n" + UPGRADE.replace("Sec-WebSocket-Key: " + KEY + "\r\n", "")
                                + "\r\n",
                        400,
                        "bad_request",
                        Optional.empty()),
                argumentSet(
                        "another WebSocket version is refused naming ours",
                        "GET / HTTP/1.1\r\nHost: h\r\n" + UPGRADE.replace("Version: 13", "Version: 8") + "\r\n",
                        400,
                        "bad_request",
                        Optional.of("Sec-WebSocket-Version: 13")),
                argumentSet(
                        "an upgrade by POST is a bad request",
                        "POST / HTTP/1.1\r\nHost: h\r\n" + UPGRADE + "\r\n",
                        400,
                        "bad_request",
                        Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("refused_requests")
    void a_refused_request_is_answered_with_its_status_and_the_json_error_body_then_closed(
            String request, int status, String code, Optional<String> header) throws Exception {
        try (var server = start(Map.of())) {
            RawHttp.Response answer = exchange(devicePort(server), request);
            assertEquals(status, answer.status(), answer.toString());
            assertEquals(Optional.of("application/json"), answer.header("Content-Type"));
            assertTrue(answer.body().startsWith("{\"error\":{\"code\":\"" + code + "\",\"message\":\""), answer.body());
            header.ifPresent(line -> assertTrue(answer.head().contains("\r\n" + line + "\r\n"), answer.head()));
            // Nothing stays behind: the socket was closed and a good upgrade is taken as before.
            try (var device = RawWebSocket.connect(devicePort(server), WAIT)) {
                device.text("{\"n\":1}");
                assertEquals(ok(1), device.reply());
            }
        }
    }

    @Test
    void with_an_ingest_token_an_upgrade_without_it_is_401_and_one_with_it_is_taken() throws Exception {
        try (var server = start(Map.of("INGEST_TOKEN", "s3cret"))) {
            int port = devicePort(server);
            for (String authorization : new String[] {"", "Authorization: Bearer wrong\r\n"}) {
                RawHttp.Response refused =
                        exchange(port, "GET / HTTP/1.1\r\nHost: h\r\n" + authorization + UPGRADE + "\r\n");
                assertEquals(401, refused.status(), refused.toString());
                assertEquals(Optional.of("Bearer realm=\"inventory ingest\""), refused.header("WWW-Authenticate"));
                assertTrue(refused.body().startsWith("{\"error\":{\"code\":\"unauthorized\""), refused.body());
            }
            try (var device = RawWebSocket.connect(
                    port, WAIT, "Upgrade: websocket\r\nConnection: Upgrade\r\nAuthorization: Bearer s3cret\r\n")) {
                device.text("{\"n\":1}");
                assertEquals(ok(1), device.reply());
            }
            assertEquals(1, collection().countDocuments());
        }
    }

    @Test
    void the_connection_limit_counts_the_connections_of_both_ports_together() throws Exception {
        try (var server = start(Map.of("INVENTORY_MAX_CONNECTIONS", "2"));
                var onApi = WsClient.connect(server.port());
                var onDevice = RawWebSocket.connect(devicePort(server), WAIT)) {
            // An answer on each: both sessions are open.
            assertEquals(ok(1), onApi.send("{\"n\":1}").reply());
            onDevice.text("{\"n\":2}");
            assertEquals(ok(1), onDevice.reply());
            for (int port : new int[] {devicePort(server), server.port()}) {
                RawHttp.Response refused = RawHttp.get(port, "/", UPGRADE);
                assertEquals(503, refused.status(), refused.toString());
                assertEquals(Optional.of("5"), refused.header("Retry-After"));
                assertTrue(refused.body().contains("\"code\":\"unavailable\""), refused.body());
                assertTrue(refused.body().contains("most ingest connections (2)"), refused.body());
            }
            onDevice.text("{\"n\":3}");
            assertEquals(ok(2), onDevice.reply());
        }
    }

    @Test
    void a_shutdown_closes_silent_devices_with_1001_after_answering_all_they_sent() throws Exception {
        var server = start(Map.of());
        boolean stopped = false;
        try (var sender = RawWebSocket.connect(devicePort(server), WAIT);
                var quiet = RawWebSocket.connect(devicePort(server), WAIT)) {
            int port = devicePort(server);
            for (int i = 1; i <= 100; i++) {
                sender.text("{\"n\":" + i + "}");
            }
            for (int seq = 1; seq <= 100; seq++) {
                assertEquals(ok(seq), sender.reply());
            }
            // Both silent now: one after its messages, one since its handshake.
            awaitServed(server, 0);
            server.shutdown(Duration.ofSeconds(10));
            stopped = true;
            assertEquals(1001, sender.closeStatus());
            assertEquals(1001, quiet.closeStatus());
            assertEquals(100, collection().countDocuments());
            assertThrows(
                    IOException.class, () -> RawWebSocket.connect(port, WAIT).close());
        } finally {
            if (!stopped) {
                server.close();
            }
        }
    }

    private static Socket socket(int port) throws IOException {
        var socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) WAIT.toMillis());
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    /** Sends the request and reads all the server answers until it closes the socket. */
    private static RawHttp.Response exchange(int port, String request) throws IOException {
        try (var socket = socket(port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String head = RawHttp.readHead(in);
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8); // to the socket's end
            return new RawHttp.Response(Integer.parseInt(head.split(" ", 3)[1]), head, body);
        }
    }
}
