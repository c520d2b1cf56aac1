package org.inventory.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import org.inventory.core.RecordParser;

/**
 * The WebSocket ingest endpoint at {@code /}: what its {@link IngestSession}s (one per connection) share: the
 * parser, the store writer, the limits, the token check, and the list of open sessions for metrics and shutdown.
 */
final class IngestEndpoint {
    private final RecordParser parser;
    private final StoreWriter storeWriter;
    private final IngestMetrics metrics;
    private final IngestLimits limits;
    private final int maxMessageBytes;
    private final Optional<byte[]> token;
    private final Duration drainTimeout;
    private final Semaphore sharedBytes;
    private final Set<IngestSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    IngestEndpoint(RecordParser parser, StoreWriter storeWriter, IngestMetrics metrics, IngestLimits limits,
                   int maxMessageBytes, Optional<String> token, Duration drainTimeout) {
        this.parser = parser;
        this.storeWriter = storeWriter;
        this.metrics = metrics;
        this.limits = limits;
        this.maxMessageBytes = maxMessageBytes;
        this.drainTimeout = drainTimeout;
        this.token = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
        this.sharedBytes = new Semaphore((int) limits.totalBytes(), true);
    }

    int openSessions() {
        return sessions.size();
    }

    /** Message bytes received and not yet answered, over all connections. */
    long bufferedBytes() {
        return limits.totalBytes() - sharedBytes.availablePermits();
    }

    /** Whether the upgrade request carries the bearer token ingest requires, if any. */
    boolean authorized(Headers headers) {
        if (token.isEmpty()) {
            return true;
        }
        byte[] given = headers.first(HeaderNames.AUTHORIZATION).orElse("").getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.get());
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    /**
     * Stops taking messages, lets every connection's writer answer what it holds, and closes the
     * connections with 1001; waits at most {@code grace}. Returns whether all finished in time.
     */
    boolean shutdown(Duration grace) throws InterruptedException {
        shuttingDown = true;
        List<IngestSession> open = List.copyOf(sessions);
        open.forEach(IngestSession::finish);
        long deadline = System.nanoTime() + grace.toNanos();
        boolean all = true;
        for (IngestSession session : open) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            all &= session.awaitWriter(left);
        }
        return all;
    }

    MessageQueue newQueue() {
        return new MessageQueue(limits, sharedBytes);
    }

    void opened(IngestSession session) {
        sessions.add(session);
        if (shuttingDown) {
            // Upgraded just as shutdown began, after it listed the sessions: close this one the same way.
            session.finish();
        }
    }

    void closed(IngestSession session) {
        sessions.remove(session);
    }

    StoreWriter storeWriter() {
        return storeWriter;
    }

    RecordParser parser() {
        return parser;
    }

    IngestMetrics metrics() {
        return metrics;
    }

    /** How long a connection whose reading ended may take to answer what it received before it closes. */
    Duration drainTimeout() {
        return drainTimeout;
    }

    int maxMessageBytes() {
        return maxMessageBytes;
    }
}
