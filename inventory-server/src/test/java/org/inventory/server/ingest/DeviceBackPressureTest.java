package org.inventory.server.ingest;

/** BackPressureTest's tests, with the WebSocket clients on the device port ({@code INVENTORY_DEVICE_PORT}). */
class DeviceBackPressureTest extends BackPressureTest {
    @Override
    IngestPort ingest() {
        return IngestPort.DEVICE;
    }
}
