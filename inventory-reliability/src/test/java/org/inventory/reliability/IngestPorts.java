package org.inventory.reliability;

import java.util.Map;
import org.inventory.server.InventoryServer;

/** The two ports that take ingest: the API port, and the device port ({@code INVENTORY_DEVICE_PORT}). */
final class IngestPorts {
    static final String API = "API_PORT";
    static final String DEVICE = "INVENTORY_DEVICE_PORT";
    /** A server's settings with a device port (any free one) beside its API port. */
    static final Map<String, String> BOTH = Map.of(DEVICE, "0");

    private IngestPorts() {}

    /** The port of that name of a server started with {@link #BOTH}. */
    static int port(InventoryServer server, String name) {
        return name.equals(DEVICE) ? server.devicePort().orElseThrow() : server.port();
    }
}
