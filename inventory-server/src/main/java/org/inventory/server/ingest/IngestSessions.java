package org.inventory.server.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.inventory.core.RecordParser;
import org.inventory.core.store.UpsertKey;
import org.inventory.server.access.IngestGrant;

/**
 * Opens the session of each upgraded connection, with what sessions share (the parser, the store writer, the
 * metrics, the limits and one byte budget for all), and knows the open ones: for the gauges, and to drain them
 * all when the server stops.
 */
final class IngestSessions {
    private final RecordParser parser;
    private final Optional<Provenance> provenance;
    private final Optional<UpsertKey> upsert;
    private final StoreWriter store;
    private final IngestMetrics metrics;
    private final IngestLimits limits;
    private final int maxMessageBytes;
    private final Duration drainTimeout;
    private final Semaphore sharedBytes;
    private final AtomicInteger waitingReaders = new AtomicInteger();
    private final Set<IngestSession> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    IngestSessions(
            RecordParser parser,
            Optional<Provenance> provenance,
            Optional<UpsertKey> upsert,
            StoreWriter store,
            IngestMetrics metrics,
            IngestLimits limits,
            int maxMessageBytes,
            Duration drainTimeout) {
        this.parser = parser;
        this.provenance = provenance;
        this.upsert = upsert;
        this.store = store;
        this.metrics = metrics;
        this.limits = limits;
        this.maxMessageBytes = maxMessageBytes;
        this.drainTimeout = drainTimeout;
        this.sharedBytes = new Semaphore((int) limits.totalBytes(), true);
    }

    /** The session of a new connection, whose replies go to {@code replies}, sending with the rights of {@code grant}. */
    IngestSession open(ReplySink replies, IngestGrant grant) {
        var queue = new MessageQueue(limits, sharedBytes, waitingReaders);
        var writer = new SessionWriter(queue, store, metrics, replies, drainTimeout, this::stopping);
        var session = new IngestSession(
                parser, grant, provenance, upsert, maxMessageBytes, this::stopping, queue, writer, open::remove);
        open.add(session);
        if (stopping) {
            // Upgraded just as shutdown began, after it listed the sessions: close this one the same way.
            session.finish();
        }
        return session;
    }

    int maxMessageBytes() {
        return maxMessageBytes;
    }

    int open() {
        return open.size();
    }

    /** Message bytes received and not yet answered, over all connections. */
    long bufferedBytes() {
        return limits.totalBytes() - sharedBytes.availablePermits();
    }

    /** Connections not read now: each waits for room to hold its next message (its own bound, or the server's). */
    int waiting() {
        return waitingReaders.get();
    }

    boolean stopping() {
        return stopping;
    }

    /**
     * Stops taking messages, lets every connection's writer answer what it holds, and closes the
     * connections with 1001; waits at most {@code grace}. Returns whether all finished in time.
     */
    boolean shutdown(Duration grace) throws InterruptedException {
        stopping = true;
        List<IngestSession> sessions = List.copyOf(open);
        sessions.forEach(IngestSession::finish);
        long deadline = System.nanoTime() + grace.toNanos();
        boolean all = true;
        for (IngestSession session : sessions) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            all &= session.awaitWriter(left);
        }
        return all;
    }
}
