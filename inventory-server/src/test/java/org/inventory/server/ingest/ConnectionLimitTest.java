package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.Await;
import org.inventory.testkit.RawHttp;
import org.inventory.testkit.RawWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code INVENTORY_MAX_CONNECTIONS}: the upgrade past the limit is answered 503, and a closed connection frees its place. */
@Timeout(60)
class ConnectionLimitTest {
    private static final String UPGRADE = String.join(
                    "\r\n",
                    "Upgrade: websocket",
                    "Connection: Upgrade",
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                    "Sec-WebSocket-Version: 13")
            + "\r\n";

    /** The port the WebSockets connect to; {@link DeviceConnectionLimitTest} runs this on the device port. */
    IngestPort ingest() {
        return IngestPort.API;
    }

    @Test
    void an_upgrade_beyond_the_limit_is_refused_with_503_until_a_connection_closes() throws Exception {
        try (var server = InventoryServer.start(
                        Settings.from(ingest().env("connection_limit", Map.of("INVENTORY_MAX_CONNECTIONS", "2"))));
                var second = RawWebSocket.connect(ingest().of(server), Duration.ofSeconds(10))) {
            int port = ingest().of(server);
            var first = RawWebSocket.connect(port, Duration.ofSeconds(10));
            try {
                // An answer on each: both sessions are open.
                second.text("{\"sku\":\"A-0\"}");
                assertTrue(second.reply().startsWith("{\"ok\":true"));
                first.text("{\"sku\":\"A-1\"}");
                assertTrue(first.reply().startsWith("{\"ok\":true"));

                RawHttp.Response refused = RawHttp.get(port, "/", UPGRADE);
                assertEquals(503, refused.status(), refused.toString());
                assertEquals(Optional.of("5"), refused.header("Retry-After"));
                assertTrue(refused.body().contains("\"code\":\"unavailable\""), refused.body());
                assertTrue(refused.body().contains("most ingest connections (2)"), refused.body());
                // The connections held go on.
                second.text("{\"sku\":\"A-2\"}");
                assertTrue(second.reply().startsWith("{\"ok\":true"));
            } finally {
                first.close();
            }
            Await.until("a closed connection's place to be taken again", Duration.ofSeconds(20), () -> {
                try {
                    RawWebSocket.connect(port, Duration.ofSeconds(10)).close();
                    return true;
                } catch (IOException refusedStill) {
                    return false;
                }
            });
        }
    }
}
