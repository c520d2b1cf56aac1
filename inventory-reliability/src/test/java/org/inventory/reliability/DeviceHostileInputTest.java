package org.inventory.reliability;

import org.junit.jupiter.api.BeforeAll;

/** HostileInputTest's tests, with the WebSockets on the device port ({@code INVENTORY_DEVICE_PORT}). */
class DeviceHostileInputTest extends HostileInputTest {
    /** After the server started ({@link HostileInputTest#startServer}). */
    @BeforeAll
    static void onTheDevicePort() {
        onDevicePort = true;
    }
}
