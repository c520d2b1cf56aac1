package org.inventory.server.ingest;

/** UpsertIngestTest's tests, with the WebSocket clients on the device port ({@code INVENTORY_DEVICE_PORT}). */
class DeviceUpsertIngestTest extends UpsertIngestTest {
    @Override
    IngestPort ingest() {
        return IngestPort.DEVICE;
    }
}
