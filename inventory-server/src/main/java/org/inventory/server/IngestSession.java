package org.inventory.server;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.bson.RawBsonDocument;
import org.inventory.core.ErrorCode;
import org.inventory.core.RejectedException;
import org.inventory.core.Rejection;

/**
 * The ingest side of one WebSocket connection. Its {@link IngestConnection} hands it each whole message on
 * the connection's thread, in order: it numbers and parses the messages and queues them. A second virtual
 * thread, the writer, stores each run of queued messages with one insert (up to {@link #RUNS_IN_FLIGHT} runs at
 * once) and answers them in order, each only after the store acknowledged it.
 */
final class IngestSession {
    private static final System.Logger LOG = System.getLogger(IngestSession.class.getName());
    /**
     * Runs of one connection at the store at once: the store writes the next while the server answers the
     * last, so a single busy connection keeps it busy too. Their replies still go out in order.
     */
    private static final int RUNS_IN_FLIGHT = 2;

    private final IngestEndpoint endpoint;
    private final IngestConnection connection;
    private final MessageQueue queue;
    private long seq;
    private Thread writer;
    private volatile boolean draining;
    /** Set by the writer alone: the store answered unavailable while this connection drained. */
    private boolean storeDown;

    IngestSession(IngestEndpoint endpoint, IngestConnection connection) {
        this.endpoint = endpoint;
        this.connection = connection;
        this.queue = endpoint.newQueue();
    }

    void opened() {
        endpoint.opened(this);
        writer = Thread.ofVirtual().name("ingest-writer").start(this::writeLoop);
    }

    /** A whole text message, as UTF-8 bytes; they are read before this returns, so the array may be reused. */
    void text(byte[] utf8, int length) throws InterruptedException {
        long number = ++seq;
        if (endpoint.shuttingDown()) {
            enqueue(PendingMessage.refused(number, Rejection.of(ErrorCode.UNAVAILABLE,
                    "the server is shutting down; send again"), length));
            return;
        }
        try {
            List<RawBsonDocument> records = endpoint.parser().parse(utf8, 0, length);
            enqueue(PendingMessage.accepted(number, records, length));
        } catch (RejectedException e) {
            enqueue(PendingMessage.refused(number, e.rejection(), length));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "unexpected failure reading message " + number, e);
            enqueue(PendingMessage.refused(number, Rejection.of(ErrorCode.INTERNAL, "the server failed to read the message"), length));
        }
    }

    /** A whole binary message: refused, but numbered and answered like any other. */
    void binary() throws InterruptedException {
        enqueue(PendingMessage.refused(++seq, Rejection.of(ErrorCode.UNSUPPORTED_FRAME,
                "binary frames are not supported; send JSON as text frames"), 0));
    }

    /** A text message over the size limit: its bytes were counted and dropped as they came. */
    void tooLarge(long bytes) throws InterruptedException {
        enqueue(PendingMessage.refused(++seq, Rejection.of(ErrorCode.MESSAGE_TOO_LARGE,
                "message is " + bytes + " bytes; the limit is " + endpoint.maxMessageBytes()), 0));
    }

    /**
     * Reading has ended (the client's Close, a protocol error, or the socket gone): stores and answers every
     * message received, then returns, waiting at most the drain bound. While draining, a store that answers
     * {@code unavailable} gets no more writes: the rest is answered {@code unavailable} at once.
     */
    void drain() throws InterruptedException {
        finish();
        if (!awaitWriter(endpoint.drainTimeout().toMillis())) {
            LOG.log(Level.WARNING, "an ingest connection was still answering after " + endpoint.drainTimeout() + "; closing it");
        }
    }

    /** The connection is gone: drop what is still queued and wake the writer. */
    void closed() {
        queue.close();
        endpoint.closed(this);
    }

    /** Answers what is queued, then ends the writer; once the server is shutting down it closes with 1001. */
    void finish() {
        draining = true;
        queue.finish();
    }

    /** Waits for the writer to end, at most the given milliseconds. */
    boolean awaitWriter(long millis) throws InterruptedException {
        return writer == null || writer.join(java.time.Duration.ofMillis(millis));
    }

    private void enqueue(PendingMessage message) throws InterruptedException {
        queue.put(message);
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
                        StoreOutcome outcome = outcome(oldest.written);
                        storeDown |= draining && outcome.unavailable();
                        connection.sendTexts(replies(oldest.run, outcome));
                    } finally {
                        queue.release(oldest.run);
                    }
                }
            }
            if (endpoint.shuttingDown()) {
                connection.close(Frames.GOING_AWAY, "server shutting down");
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

    /** Gives the records of a run to the store as one write (which other runs waiting then may join). */
    private CompletableFuture<StoreOutcome> submit(List<PendingMessage> run) {
        if (storeDown) {
            return CompletableFuture.completedFuture(StoreOutcome.failed(StoreWriter.UNAVAILABLE));
        }
        var records = new ArrayList<RawBsonDocument>();
        for (PendingMessage message : run) {
            records.addAll(message.records());
        }
        return endpoint.storeWriter().submit(records);
    }

    private static StoreOutcome outcome(CompletableFuture<StoreOutcome> written) throws InterruptedException {
        try {
            return written.get();
        } catch (ExecutionException e) {
            // The store writer completes every write normally; this is a defect, not a store failure.
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Each message's reply, in order: refused ones as they were, accepted ones from the store's outcome. */
    private List<String> replies(List<PendingMessage> run, StoreOutcome outcome) {
        var replies = new ArrayList<String>(run.size());
        int offset = 0;
        for (PendingMessage message : run) {
            String reply;
            if (message.refused()) {
                endpoint.metrics().rejected(message.rejection().code());
                reply = Replies.rejected(message.seq(), message.rejection());
            } else {
                reply = outcome.reply(message.seq(), offset, offset + message.records().size(), endpoint.metrics());
                offset += message.records().size();
            }
            replies.add(reply);
        }
        return replies;
    }

    /** A run given to the store, and its outcome to come. */
    private record Write(List<PendingMessage> run, CompletableFuture<StoreOutcome> written) {
    }
}
