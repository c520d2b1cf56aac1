package org.inventory.reliability;

import org.junit.jupiter.api.BeforeAll;

/** ClientCloseTest's tests, with the WebSockets on the device port ({@code INVENTORY_DEVICE_PORT}). */
class DeviceClientCloseTest extends ClientCloseTest {
    /** After the server started ({@link ClientCloseTest#startServer}). */
    @BeforeAll
    static void onTheDevicePort() {
        onDevicePort = true;
    }
}
