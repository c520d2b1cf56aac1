package org.inventory.server.live;

import java.io.IOException;
import java.time.Duration;
import org.inventory.core.query.FieldsSpec;

/**
 * One subscriber's stream, on its connection's thread: what its subscription yields, as events, until the server
 * stops (the stream then ends cleanly), the subscriber lags (told with {@code event: lagged}, then closed) or the
 * client goes away (noticed at the next write, which a comment forces at least every {@code heartbeat}).
 *
 * <p>Events go out at once on a quiet stream; on a busy one, at most one write every {@link #FLUSH_SPACING} (or
 * when {@link #FLUSH_BYTES} wait), so that a subscriber that matches one record of each ingest write does not cost a
 * socket write per record: with 100 filtered subscribers that was 100 writes per ingest write.
 */
final class LiveStream {
    /** The longest an event waits for others to go out with it: well within a person's notice and the 50 ms bound. */
    private static final Duration FLUSH_SPACING = Duration.ofMillis(10);

    private static final int FLUSH_BYTES = 64 * 1024;

    private final Subscription subscription;
    private final FieldsSpec fields;
    private final EventStreamWriter out;
    private final LiveMetrics metrics;
    private final Duration heartbeat;

    LiveStream(
            Subscription subscription,
            FieldsSpec fields,
            EventStreamWriter out,
            LiveMetrics metrics,
            Duration heartbeat) {
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
            out.event(
                    "gap",
                    subscription.position(),
                    "{\"message\":\"records since the given Last-Event-ID are no longer held; continuing from now\"}");
        }
        out.flush();
        long spacing = FLUSH_SPACING.toNanos();
        long lastWrite = System.nanoTime() - spacing;
        int pending = 0;
        boolean more = false;
        while (true) {
            long now = System.nanoTime();
            if (pending > 0 && !more && now - lastWrite < spacing) {
                // A busy stream: the events of the next few milliseconds join those held and go out with them.
                // Asleep, not listening to the feed: one wake-up per write, not one per ingest write.
                Thread.sleep(Duration.ofNanos(lastWrite + spacing - now));
            }
            // With events held, or more to read, take what has come without waiting; otherwise wait until the next
            // heartbeat is due.
            long wait = pending > 0 || more ? 0 : heartbeat.toNanos() - (System.nanoTime() - lastWrite);
            Poll poll = subscription.next(Duration.ofNanos(Math.max(wait, 1)));
            more = poll.more();
            switch (poll.state()) {
                case ENDED -> {
                    send(pending);
                    return;
                }
                case LAGGED -> {
                    send(pending);
                    metrics.lagged();
                    out.event(
                            "lagged",
                            null,
                            "{\"message\":\"this subscriber fell behind by more than the feed holds;"
                                    + " reconnect with Last-Event-ID to continue after a gap\"}");
                    out.flush();
                    return;
                }
                case OPEN -> {
                    for (LiveEvent event : poll.events()) {
                        out.record(event.event(fields));
                    }
                    pending += poll.events().size();
                    now = System.nanoTime();
                    if (pending > 0 && (now - lastWrite >= spacing || out.pendingBytes() >= FLUSH_BYTES)) {
                        send(pending);
                        pending = 0;
                        lastWrite = now;
                    } else if (pending == 0 && now - lastWrite >= heartbeat.toNanos()) {
                        out.comment("keep-alive");
                        out.flush();
                        lastWrite = now;
                    }
                }
            }
        }
    }

    /** Writes the events held, if any. */
    private void send(int events) throws IOException {
        if (events > 0) {
            out.flush();
            metrics.sent(events);
        }
    }
}
