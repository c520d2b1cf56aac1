package org.inventory.server.ingest;

/** StoreOutageTest's tests (its chaos test in the full tier), with the WebSocket clients on the device port ({@code INVENTORY_DEVICE_PORT}). */
class DeviceStoreOutageTest extends StoreOutageTest {
    @Override
    IngestPort ingest() {
        return IngestPort.DEVICE;
    }
}
