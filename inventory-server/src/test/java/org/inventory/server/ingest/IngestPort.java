package org.inventory.server.ingest;

import java.util.HashMap;
import java.util.Map;
import org.inventory.server.InventoryServer;
import org.inventory.testkit.TestEnv;

/**
 * The port an ingest test's WebSocket clients connect to. A test class written against {@link #API} runs against
 * {@link #DEVICE} through a subclass that overrides its choice (as {@code DeviceIngestTest} does for {@code
 * IngestTest}): what ingest promises holds on both, while HTTP calls ({@code /display}, {@code /metrics}) stay on
 * the API port.
 */
enum IngestPort {
    /** {@code API_PORT}: Helidon's connections, beside the HTTP routes. */
    API,
    /** {@code INVENTORY_DEVICE_PORT} (any free port): ingest alone, on the device port's selector. */
    DEVICE;

    /** A test server's variables ({@link TestEnv#server}), with the device port opened for {@link #DEVICE}. */
    Map<String, String> env(String collection, Map<String, String> overrides) {
        if (this == API) {
            return TestEnv.server(collection, overrides);
        }
        var env = new HashMap<>(overrides);
        env.put("INVENTORY_DEVICE_PORT", "0");
        return TestEnv.server(collection, env);
    }

    /** The server's port for ingest WebSockets. */
    int of(InventoryServer server) {
        return this == API
                ? server.port()
                : server.devicePort().orElseThrow(() -> new AssertionError("the server has no device port"));
    }
}
