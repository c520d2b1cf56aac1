package org.inventory.reliability;

import org.junit.jupiter.api.BeforeAll;

/** HandshakeTest's tests, with the WebSockets on the device port ({@code INVENTORY_DEVICE_PORT}). */
class DeviceHandshakeTest extends HandshakeTest {
    /** After the server started ({@link HandshakeTest#startServer}). */
    @BeforeAll
    static void onTheDevicePort() {
        onDevicePort = true;
    }
}
