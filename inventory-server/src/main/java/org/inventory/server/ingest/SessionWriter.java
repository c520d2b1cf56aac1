package org.inventory.server.ingest;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The writer of one connection, a virtual thread of its own: it stores each run of queued messages with one
 * insert through the {@link StoreWriter} (up to {@link #RUNS_IN_FLIGHT} runs at once) and answers them in
 * order, each only after the store acknowledged it. The thread starts with the first message queued (or when
 * the connection closes): a device that waits for each ack has its messages stored by its reading thread
 * ({@link #storeAlone}), and an idle connection holds no writer thread at all.
 */
final class SessionWriter {
    private static final System.Logger LOG = System.getLogger(SessionWriter.class.getName());
    /**
     * Runs of one connection at the store at once: the store writes the next while the server answers the
     * last, so a single busy connection keeps it busy too. Their replies still go out in order.
     */
    private static final int RUNS_IN_FLIGHT = 2;

    private final MessageQueue queue;
    private final StoreWriter store;
    private final IngestMetrics metrics;
    private final ReplySink replies;
    private final Duration drainTimeout;
    private final BooleanSupplier serverStopping;
    /** Null until {@link #start}ed. */
    private volatile Thread thread;

    private volatile boolean draining;
    /** Set by the writer's thread alone: the store answered unavailable while this connection drained. */
    private boolean storeDown;

    /** The writer's thread starts only when needed ({@link #start}). */
    SessionWriter(
            MessageQueue queue,
            StoreWriter store,
            IngestMetrics metrics,
            ReplySink replies,
            Duration drainTimeout,
            BooleanSupplier serverStopping) {
        this.queue = queue;
        this.store = store;
        this.metrics = metrics;
        this.replies = replies;
        this.drainTimeout = drainTimeout;
        this.serverStopping = serverStopping;
    }

    /** Starts the writer's thread unless it runs: before a message is queued for it, and when finishing. */
    void start() {
        started();
    }

    private Thread started() {
        Thread current = thread;
        if (current == null) {
            synchronized (this) {
                current = thread;
                if (current == null) {
                    current = Thread.ofVirtual().name("ingest-writer").start(this::writeLoop);
                    thread = current;
                }
            }
        }
        return current;
    }

    /**
     * Answers every queued message, then returns, waiting at most the drain bound. While draining, a store that
     * answers {@code unavailable} gets no more writes: the rest is answered {@code unavailable} at once.
     */
    void drain() throws InterruptedException {
        finish();
        if (!await(drainTimeout.toMillis())) {
            LOG.log(Level.WARNING, "an ingest connection was still answering after " + drainTimeout + "; closing it");
        }
    }

    /** Answers what is queued, then ends; once the server is stopping it then closes the connection with 1001. */
    void finish() {
        draining = true;
        queue.finish();
        // The thread answers what the reader still holds, and closes with 1001 when the server stops.
        started();
    }

    /** Waits for the writer to end, at most the given milliseconds. */
    boolean await(long millis) throws InterruptedException {
        return started().join(Duration.ofMillis(millis));
    }

    private void writeLoop() {
        var inFlight = new ArrayDeque<Write>();
        try {
            while (true) {
                // With nothing at the store, wait for messages; otherwise give it a large run if one is queued now.
                List<PendingMessage> run = inFlight.isEmpty() ? queue.takeRun() : queue.pollLargeRun();
                if (!run.isEmpty()) {
                    inFlight.add(new Write(run, submit(run)));
                }
                if (inFlight.isEmpty()) {
                    break; // closed, or finishing with everything answered
                }
                if (run.isEmpty() || inFlight.size() == RUNS_IN_FLIGHT) {
                    Write oldest = inFlight.remove();
                    try {
                        List<StoreOutcome> outcomes = outcomes(oldest.written);
                        storeDown |= draining && outcomes.stream().anyMatch(StoreOutcome::unavailable);
                        answer(oldest.run, outcomes);
                    } finally {
                        queue.release(oldest.run);
                    }
                }
            }
            if (serverStopping.getAsBoolean()) {
                replies.close(Frames.GOING_AWAY, "server shutting down");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A defect: stop taking messages rather than leave the reader blocked on a full queue.
            LOG.log(Level.ERROR, "ingest writer failed", e);
            queue.close();
            for (Write write : inFlight) {
                // A run the store already has keeps its room until the store is done with it.
                write.written.join();
                queue.release(write.run);
            }
        }
    }

    /**
     * Stores and answers, on the calling reader's thread, a message that found its connection holding nothing
     * else ({@link MessageQueue#takeAlone}). A sender with one message in flight, a device's way, then costs one
     * thread hand-off fewer per message: this writer's thread is not woken to take it, nor again for its outcome.
     */
    void storeAlone(PendingMessage message) throws InterruptedException {
        List<PendingMessage> run = List.of(message);
        try {
            answer(run, message.refused() ? List.of() : outcomes(store.submit(List.of(message.records()))));
        } finally {
            queue.release(run);
        }
    }

    /** Gives the accepted messages of a run to the store as one write (which other runs waiting then may join). */
    private CompletableFuture<List<StoreOutcome>> submit(List<PendingMessage> run) {
        var accepted = new ArrayList<List<org.bson.RawBsonDocument>>();
        for (PendingMessage message : run) {
            if (!message.refused()) {
                accepted.add(message.records());
            }
        }
        if (storeDown) {
            return CompletableFuture.completedFuture(
                    accepted.stream().map(m -> StoreOutcome.UNAVAILABLE).toList());
        }
        return store.submit(accepted);
    }

    private static List<StoreOutcome> outcomes(CompletableFuture<List<StoreOutcome>> written)
            throws InterruptedException {
        try {
            return written.get();
        } catch (ExecutionException e) {
            // The store writer completes every write normally; this is a defect, not a store failure.
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Each message's reply, in order: refused ones as they were, accepted ones from their share of the write. */
    private void answer(List<PendingMessage> run, List<StoreOutcome> outcomes) {
        var texts = new ArrayList<String>(run.size());
        int next = 0;
        for (PendingMessage message : run) {
            StoreOutcome outcome = message.refused() ? null : outcomes.get(next++);
            texts.add(Replies.answer(message, outcome, metrics));
        }
        replies.send(texts);
    }

    /** A run given to the store, and the outcome of each of its accepted messages to come. */
    private record Write(List<PendingMessage> run, CompletableFuture<List<StoreOutcome>> written) {}
}
