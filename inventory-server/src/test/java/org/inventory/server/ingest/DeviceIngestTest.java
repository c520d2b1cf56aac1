package org.inventory.server.ingest;

/** IngestTest's tests, with the WebSocket clients on the device port ({@code INVENTORY_DEVICE_PORT}). */
class DeviceIngestTest extends IngestTest {
    @Override
    IngestPort ingest() {
        return IngestPort.DEVICE;
    }
}
