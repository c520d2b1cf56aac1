package org.inventory.server.live;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.inventory.core.query.FieldsSpec;

/**
 * One subscriber's stream, on its connection's thread: what its subscription yields, as events, until the server
 * stops (the stream then ends cleanly), the subscriber lags (told with {@code event: lagged}, then closed) or the
 * client goes away (noticed at the next write, which a comment forces at least every {@code heartbeat}).
 */
final class LiveStream {
    private final Subscription subscription;
    private final FieldsSpec fields;
    private final EventStreamWriter out;
    private final LiveMetrics metrics;
    private final Duration heartbeat;

    LiveStream(Subscription subscription, FieldsSpec fields, EventStreamWriter out, LiveMetrics metrics, Duration heartbeat) {
        this.subscription = subscription;
        this.fields = fields;
        this.out = out;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
    }

    /** Runs until the end; an IOException means the client is gone. */
    void run(String source) throws IOException, InterruptedException {
        // Sent at once, so a client knows it is subscribed: every record acknowledged from now on will follow.
        out.comment("live feed of acknowledged records (" + source + ")");
        if (subscription.startedWithGap()) {
            out.event("gap", subscription.position(),
                    "{\"message\":\"records since the given Last-Event-ID are no longer held; continuing from now\"}");
        }
        out.flush();
        long quietSince = System.nanoTime();
        while (true) {
            long wait = heartbeat.toNanos() - (System.nanoTime() - quietSince);
            Poll poll = subscription.next(Duration.ofNanos(Math.max(wait, 1)));
            switch (poll.state()) {
                case ENDED -> {
                    return;
                }
                case LAGGED -> {
                    metrics.lagged();
                    out.event("lagged", null, "{\"message\":\"this subscriber fell behind by more than the feed holds;"
                            + " reconnect with Last-Event-ID to continue after a gap\"}");
                    out.flush();
                    return;
                }
                case OPEN -> {
                    List<LiveEvent> events = poll.events();
                    if (!events.isEmpty()) {
                        for (LiveEvent event : events) {
                            out.record(event.id(), event.json(fields));
                        }
                        out.flush();
                        metrics.sent(events.size());
                        quietSince = System.nanoTime();
                    } else if (System.nanoTime() - quietSince >= heartbeat.toNanos()) {
                        out.comment("keep-alive");
                        out.flush();
                        quietSince = System.nanoTime();
                    }
                }
            }
        }
    }
}
