package org.inventory.server;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import org.bson.RawBsonDocument;
import org.inventory.core.ErrorCode;
import org.inventory.core.RejectedException;
import org.inventory.core.Rejection;

/**
 * One ingest WebSocket connection. Helidon calls its callbacks on one virtual thread, in order: they number,
 * reassemble and parse the messages and queue them. A second virtual thread, the writer, stores each run
 * of queued messages with one insert and answers them in order, only after the store acknowledged.
 */
final class IngestSession implements WsListener {
    private static final System.Logger LOG = System.getLogger(IngestSession.class.getName());
    private static final char REPLACEMENT = '\uFFFD';
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final IngestEndpoint endpoint;
    private final MessageQueue queue;
    private final ReentrantLock sending = new ReentrantLock();
    private final StringBuilder fragments = new StringBuilder();
    private long fragmentBytes;
    private boolean inFragmentedMessage;
    private long seq;
    private WsSession session;
    private Thread writer;

    IngestSession(IngestEndpoint endpoint) {
        this.endpoint = endpoint;
        this.queue = endpoint.newQueue();
    }

    @Override
    public void onOpen(WsSession session) {
        this.session = session;
        endpoint.opened(this);
        writer = Thread.ofVirtual().name("ingest-writer").start(this::writeLoop);
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (last && !inFragmentedMessage) {
            // The common case: the whole message in one frame, already within maxFrameLength.
            receive(text, text.length());
            return;
        }
        inFragmentedMessage = true;
        // Count UTF-8 bytes as they come; past the limit keep only the count, not the text.
        fragmentBytes += utf8Length(text);
        if (fragmentBytes <= endpoint.maxMessageBytes()) {
            fragments.append(text);
        } else {
            fragments.setLength(0);
            fragments.trimToSize();
        }
        if (last) {
            long bytes = fragmentBytes;
            String whole = bytes <= endpoint.maxMessageBytes() ? fragments.toString() : null;
            fragments.setLength(0);
            fragmentBytes = 0;
            inFragmentedMessage = false;
            if (whole == null) {
                enqueue(PendingMessage.refused(++seq, Rejection.of(ErrorCode.MESSAGE_TOO_LARGE,
                        "message is " + bytes + " bytes; the limit is " + endpoint.maxMessageBytes()), 0));
            } else {
                receive(whole, whole.length());
            }
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        if (last) {
            enqueue(PendingMessage.refused(++seq, Rejection.of(ErrorCode.UNSUPPORTED_FRAME,
                    "binary frames are not supported; send JSON as text frames"), 0));
        }
    }

    /**
     * RFC 6455 §5.5.2: a ping is answered with a pong carrying its data; Helidon leaves that to the listener. A
     * control frame holds at most 125 bytes: Helidon lets a longer ping through, which no pong could echo.
     */
    @Override
    public void onPing(WsSession session, BufferData buffer) {
        if (buffer.available() > MAX_CONTROL_PAYLOAD) {
            send(() -> session.close(WsCloseCodes.PROTOCOL_ERROR, "a ping carries at most " + MAX_CONTROL_PAYLOAD + " bytes"));
        } else {
            send(() -> session.pong(buffer));
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        stop();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.log(Level.DEBUG, "ingest connection failed", t);
        stop();
    }

    /** Answers what is queued, then closes the connection with 1001 (server going away). */
    void finish() {
        queue.finish();
    }

    /** Waits for the writer to end, at most the given milliseconds. */
    boolean awaitWriter(long millis) throws InterruptedException {
        return writer == null || writer.join(java.time.Duration.ofMillis(millis));
    }

    private void receive(String text, long bytes) {
        long number = ++seq;
        if (endpoint.shuttingDown()) {
            enqueue(PendingMessage.refused(number, Rejection.of(ErrorCode.UNAVAILABLE,
                    "the server is shutting down; send again"), bytes));
            return;
        }
        if (text.indexOf(REPLACEMENT) >= 0) {
            // Helidon decodes each text frame leniently: invalid UTF-8, or a character split between two
            // fragments, arrives as U+FFFD. Refuse it rather than store the damaged text.
            enqueue(PendingMessage.refused(number, Rejection.of(ErrorCode.INVALID_JSON, "the message is not valid UTF-8"
                    + " (or holds U+FFFD: send that character as \\ufffd, and split fragments between characters)"), bytes));
            return;
        }
        try {
            List<RawBsonDocument> records = endpoint.parser().parse(text);
            enqueue(PendingMessage.accepted(number, records, bytes));
        } catch (RejectedException e) {
            enqueue(PendingMessage.refused(number, e.rejection(), bytes));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "unexpected failure reading message " + number, e);
            enqueue(PendingMessage.refused(number, Rejection.of(ErrorCode.INTERNAL, "the server failed to read the message"), bytes));
        }
    }

    private void enqueue(PendingMessage message) {
        try {
            queue.put(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.terminate();
        }
    }

    private void stop() {
        queue.close();
        endpoint.closed(this);
    }

    private void writeLoop() {
        try {
            for (List<PendingMessage> run = queue.takeRun(); !run.isEmpty(); run = queue.takeRun()) {
                List<String> replies = store(run);
                try {
                    for (String reply : replies) {
                        send(() -> session.send(reply, true));
                    }
                } finally {
                    queue.release(run);
                }
            }
            if (endpoint.shuttingDown()) {
                send(() -> session.close(WsCloseCodes.GOING_AWAY, "server shutting down"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The connection broke while answering; its client will resend what was not answered.
            LOG.log(Level.DEBUG, "ingest writer stopped", e);
            queue.close();
        }
    }

    /** Stores the records of a run with one insert and returns each message's reply, in order. */
    private List<String> store(List<PendingMessage> run) throws InterruptedException {
        var records = new ArrayList<RawBsonDocument>();
        for (PendingMessage message : run) {
            records.addAll(message.records());
        }
        StoreOutcome outcome = endpoint.storeWriter().write(records);
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

    /**
     * Helidon's session writes every frame through one shared buffer without a lock: frames sent from two
     * threads (the writer's replies, the reader's pongs) must take turns.
     */
    private void send(Runnable frame) {
        sending.lock();
        try {
            frame.run();
        } finally {
            sending.unlock();
        }
    }

    /** The UTF-8 size of a fragment: its length when it is all ASCII, else counted exactly. */
    static long utf8Length(String text) {
        boolean ascii = text.chars().allMatch(c -> c < 0x80);
        return ascii ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
