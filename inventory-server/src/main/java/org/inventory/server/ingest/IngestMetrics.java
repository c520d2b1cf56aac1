package org.inventory.server.ingest;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.inventory.core.ErrorCode;

/**
 * Ingest's meters, registered once in the given registry and served by {@code /metrics}: messages accepted and
 * refused (by error code), records inserted and duplicate, store write time, open sessions, buffered bytes and
 * the connections not read while they wait for room (back-pressure at work).
 */
final class IngestMetrics {
    private final Counter messages;
    private final Counter records;
    private final Counter duplicates;
    private final Counter replaced;
    private final Counter stale;
    private final Map<ErrorCode, Counter> rejections = new EnumMap<>(ErrorCode.class);
    private final Timer storeWrites;

    private final MeterRegistry registry;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        messages = registry.getOrCreate(Counter.builder("inventory_messages_accepted")
                .description("Ingest messages whose records were stored"));
        records = registry.getOrCreate(
                Counter.builder("inventory_records_inserted").description("Records newly stored"));
        duplicates = registry.getOrCreate(Counter.builder("inventory_records_duplicate")
                .description("Records whose _id was already stored (in upsert mode: whose version was)"));
        replaced = registry.getOrCreate(Counter.builder("inventory_records_replaced")
                .description("Upsert mode: records that replaced the stored record of their key"));
        stale = registry.getOrCreate(Counter.builder("inventory_records_stale")
                .description("Upsert mode: records older than the stored version of their key, not written"));
        for (ErrorCode code : ErrorCode.values()) {
            rejections.put(
                    code,
                    registry.getOrCreate(Counter.builder("inventory_messages_rejected")
                            .description("Ingest messages refused, by error code")
                            .tags(List.of(Tag.create("code", code.wireName())))));
        }
        storeWrites = registry.getOrCreate(Timer.builder("inventory_store_write")
                .description("Time of one store write (one insertMany of one or more messages)"));
    }

    /** Serves the sessions' gauges; the latest server's values win when tests start several in one JVM. */
    void watch(IngestSessions sessions) {
        gauge("inventory_websocket_sessions", "Open ingest WebSocket sessions", sessions, IngestSessions::open);
        gauge(
                "inventory_ingest_buffered_bytes",
                "Message bytes received and not yet answered",
                sessions,
                IngestSessions::bufferedBytes);
        gauge(
                "inventory_ingest_waiting_connections",
                "Ingest connections not read while they wait for room to hold their next message",
                sessions,
                IngestSessions::waiting);
    }

    /** Serves the device port's gauges. */
    void watch(DeviceListener devices) {
        gauge(
                "inventory_ingest_device_connections",
                "Open connections of the device port (INVENTORY_DEVICE_PORT)",
                devices,
                DeviceListener::connections);
        gauge(
                "inventory_ingest_device_connections_reading",
                "Device port connections a thread serves now; the others are silent, watched by the selector alone",
                devices,
                DeviceListener::reading);
    }

    private <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        registry.meter(Gauge.class, name, List.of()).ifPresent(registry::remove);
        registry.getOrCreate(Gauge.builder(name, source, value).description(description));
    }

    void accepted(int inserted, int duplicated) {
        messages.increment();
        records.increment(inserted);
        duplicates.increment(duplicated);
    }

    /** Upsert mode's further counts of an accepted message. */
    void upserted(int replacing, int older) {
        replaced.increment(replacing);
        stale.increment(older);
    }

    void rejected(ErrorCode code) {
        rejections.get(code).increment();
    }

    void storeWrite(Duration time) {
        storeWrites.record(time);
    }
}
