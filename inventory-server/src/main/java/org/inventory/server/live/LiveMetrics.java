package org.inventory.server.live;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The feed's meters on {@code /metrics}: open subscribers, events sent, subscribers closed for lagging. */
final class LiveMetrics {
    private static final String SUBSCRIBERS = "inventory_live_subscribers";

    private final Counter events;
    private final Counter lagged;

    LiveMetrics(MeterRegistry registry, AtomicInteger subscribers) {
        events = registry.getOrCreate(
                Counter.builder("inventory_live_events_sent").description("Records sent to live feed subscribers"));
        lagged = registry.getOrCreate(Counter.builder("inventory_live_lagged_closes")
                .description("Live feed subscribers closed because they fell behind by more than the buffer"));
        // The latest server's gauge wins when tests start several in one JVM.
        registry.meter(Gauge.class, SUBSCRIBERS, List.of()).ifPresent(registry::remove);
        registry.getOrCreate(
                Gauge.builder(SUBSCRIBERS, subscribers, AtomicInteger::get).description("Open live feed subscribers"));
    }

    void sent(int count) {
        events.increment(count);
    }

    void lagged() {
        lagged.increment();
    }
}
