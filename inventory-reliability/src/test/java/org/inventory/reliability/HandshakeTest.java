package org.inventory.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.RawHttp;
import org.inventory.testkit.RawWebSocket;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The opening handshake as RFC 6455 §4.2.1 writes it: tokens and header names in any casing. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
@SuppressWarnings("StringConcatToTextBlock") // header lines end in CRLF: clearer written out than in text blocks
class HandshakeTest {
    private static final String COLLECTION = "handshake";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static InventoryServer server;

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
        TestStore.emptyCollection(COLLECTION);
        server = InventoryServer.start(Settings.from(env(Map.of())));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Upgrades with these header lines, then stores a record over the connection. */
    private static void assertIngestWorksAfter(String upgradeHeaders) throws IOException {
        try (var socket = RawWebSocket.connect(ingestPort(server), WAIT, upgradeHeaders)) {
            socket.text("{\"handshake\":true}");
            assertEquals("{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}", socket.reply(), upgradeHeaders);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"websocket", "WebSocket", "WEBSOCKET", "h2c, websocket", "WebSocket, foo/2", "h2c,websocket"})
    void the_upgrade_token_is_case_insensitive_and_may_stand_in_a_list(String upgrade) throws IOException {
        assertIngestWorksAfter("Upgrade: " + upgrade + "\r\nConnection: Upgrade\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"upgrade", "UPGRADE", "keep-alive, Upgrade", "keep-alive,Upgrade"})
    void the_connection_token_is_case_insensitive_and_may_stand_in_a_list(String connection) throws IOException {
        assertIngestWorksAfter("Upgrade: websocket\r\nConnection: " + connection + "\r\n");
    }

    @Test
    void header_names_are_case_insensitive() throws IOException {
        assertIngestWorksAfter("upgrade: websocket\r\nCONNECTION: upgrade\r\n");
    }

    /** The request AutobahnPython's client (and so the Autobahn test suite's fuzzing client) sends. */
    @Test
    void the_autobahn_python_handshake_is_accepted() throws IOException {
        assertIngestWorksAfter(
                "User-Agent: AutobahnPython/22.7.1\r\n"
                        + "Upgrade: WebSocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Pragma: no-cache\r\n"
                        + "Cache-Control: no-cache\r\n"
                        + "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover; client_max_window_bits\r\n");
    }

    @Test
    void an_upgrade_without_connection_upgrade_is_a_400() throws IOException {
        var response = RawHttp.get(
                ingestPort(server),
                "/",
                "Upgrade: websocket\r\nConnection: keep-alive\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        assertEquals(400, response.status(), response.head());
    }

    @Test
    void an_upgrade_without_a_websocket_version_is_a_400_that_names_13() throws IOException {
        var response = RawHttp.get(
                ingestPort(server),
                "/",
                "Upgrade: websocket\r\nConnection: Upgrade\r\n" + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        assertEquals(400, response.status(), response.head());
        assertEquals(Optional.of("13"), response.header("Sec-WebSocket-Version"), response.head());
    }
}
