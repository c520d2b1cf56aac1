package org.inventory.server.live;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.webserver.http.HttpService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.bson.RawBsonDocument;
import org.inventory.core.store.RecordQueries;

/**
 * The live feed as the server wires it in: the source chosen for the store (change streams when it has them,
 * else this instance's acknowledgements), the {@code /live} service, what ingest calls with each acknowledged
 * insert, and the end of every stream on shutdown. Everything else of the feed stays inside this package.
 */
public final class LiveFeed {
    private final LiveSource source;
    private final Consumer<List<RawBsonDocument>> acknowledged;
    private final LiveService service;
    private final AtomicInteger subscribers = new AtomicInteger();

    private LiveFeed(
            LiveSource source,
            Consumer<List<RawBsonDocument>> acknowledged,
            LiveOptions options,
            MeterRegistry registry) {
        this.source = source;
        this.acknowledged = acknowledged;
        this.service = new LiveService(
                source,
                new LiveMetrics(registry, subscribers),
                subscribers,
                options.maxSubscribers(),
                options.heartbeat());
    }

    /**
     * Picks the source: the store's change streams if it offers them ({@code changeStreams}), else the in-process
     * log.
     */
    public static LiveFeed create(
            RecordQueries queries, boolean changeStreams, LiveOptions options, MeterRegistry registry) {
        if (changeStreams) {
            // The store tells every instance what was written: ingest hands on nothing (and reads nothing for it).
            return new LiveFeed(new ChangeStreamSource(queries), null, options, registry);
        }
        var log = new InProcessSource(options.buffer());
        return new LiveFeed(log, log.acknowledged(), options, registry);
    }

    /** {@code change streams} or {@code in-process}: for the start-up line. */
    public String sourceName() {
        return source.name();
    }

    /**
     * What ingest calls with the records the store has just acknowledged as stored (inserted, or replacing a stored
     * one in upsert mode, as stored); never waits. Null when the feed comes from the store's change streams.
     */
    public Consumer<List<RawBsonDocument>> acknowledged() {
        return acknowledged;
    }

    /**
     * Whether the records ingest hands on can reach anyone: not before the first subscription, when no client can
     * hold an event id of this feed to resume from. Upsert mode then spares the read of the stored {@code _id}s.
     */
    public boolean listening() {
        return source instanceof InProcessSource log && log.subscribed();
    }

    public HttpService service() {
        return service;
    }

    /**
     * Ends every stream cleanly, after what was acknowledged before (called once ingest has drained), and waits
     * at most {@code grace} for the subscribers to finish. Returns whether they all did.
     */
    public boolean shutdown(Duration grace) throws InterruptedException {
        source.close();
        long deadline = System.nanoTime() + grace.toNanos();
        while (subscribers.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return subscribers.get() == 0;
    }

    /** For tests and the benchmark: how many streams are open. */
    public int subscribers() {
        return subscribers.get();
    }
}
