package org.inventory.server.ingest;

/** ConnectionLimitTest's test, with the WebSocket clients on the device port ({@code INVENTORY_DEVICE_PORT}). */
class DeviceConnectionLimitTest extends ConnectionLimitTest {
    @Override
    IngestPort ingest() {
        return IngestPort.DEVICE;
    }
}
