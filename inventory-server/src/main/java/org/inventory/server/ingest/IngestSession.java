package org.inventory.server.ingest;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.bson.RawBsonDocument;
import org.inventory.core.ErrorCode;
import org.inventory.core.RecordParser;
import org.inventory.core.RejectedException;
import org.inventory.core.Rejection;
import org.inventory.core.store.UpsertKey;
import org.inventory.server.access.IngestGrant;

/**
 * The ingest side of one WebSocket connection. Its connection hands it each whole message on the
 * connection's thread, in order: it numbers and parses the messages and queues them for its
 * {@link SessionWriter}, which stores and answers them (a message alone on its connection is stored and
 * answered on the connection's thread, and the writer's thread starts only with the first message queued). A full queue blocks the connection's thread, so the server stops
 * reading from that client instead of growing its heap.
 */
final class IngestSession implements MessageAssembler.MessageSink {
    private static final System.Logger LOG = System.getLogger(IngestSession.class.getName());

    private final RecordParser parser;
    private final IngestGrant grant;
    private final Optional<Provenance> provenance;
    private final Optional<UpsertKey> upsert;
    private final int maxMessageBytes;
    private final BooleanSupplier serverStopping;
    private final MessageQueue queue;
    private final SessionWriter writer;
    private final Consumer<IngestSession> onClosed;
    private long seq;

    IngestSession(
            RecordParser parser,
            IngestGrant grant,
            Optional<Provenance> provenance,
            Optional<UpsertKey> upsert,
            int maxMessageBytes,
            BooleanSupplier serverStopping,
            MessageQueue queue,
            SessionWriter writer,
            Consumer<IngestSession> onClosed) {
        this.parser = parser;
        this.grant = grant;
        this.provenance = provenance;
        this.upsert = upsert;
        this.maxMessageBytes = maxMessageBytes;
        this.serverStopping = serverStopping;
        this.queue = queue;
        this.writer = writer;
        this.onClosed = onClosed;
        grant.connected();
    }

    /**
     * A whole text message, as UTF-8 bytes; they are read before this returns, so the array may be reused. A
     * message that comes with nothing after it, to a connection that holds nothing else, is stored and answered
     * here, on the connection's thread, before it reads on; any other is queued for the writer.
     */
    @Override
    public void text(byte[] utf8, int length, boolean more) throws InterruptedException {
        PendingMessage message = pending(++seq, utf8, length);
        if (!more && queue.takeAlone(message)) {
            writer.storeAlone(message);
        } else {
            queue(message);
        }
    }

    /** Queues a message for the writer, whose thread starts with the first one. */
    private void queue(PendingMessage message) throws InterruptedException {
        writer.start();
        queue.put(message);
    }

    /** The message numbered, parsed, checked against the connection's rights, and accepted or refused: as it waits for its reply. */
    private PendingMessage pending(long number, byte[] utf8, int length) {
        if (serverStopping.getAsBoolean()) {
            return PendingMessage.refused(
                    number, Rejection.of(ErrorCode.UNAVAILABLE, "the server is shutting down; send again"), length);
        }
        try {
            List<RawBsonDocument> records = parser.parse(utf8, 0, length);
            if (provenance.isPresent()) {
                Provenance.Stamped stamped = provenance.get().stamp(records, grant.name());
                if (stamped.rejection() != null) {
                    return PendingMessage.refused(number, stamped.rejection(), length);
                }
                records = stamped.records();
            }
            if (upsert.isPresent()) {
                // Upsert mode: every record must carry its key (and version) for the conditional replace.
                Rejection lacking = upsert.get().check(records);
                if (lacking != null) {
                    return PendingMessage.refused(number, lacking, length);
                }
            }
            Rejection refusal = grant.admit(records);
            return refusal == null
                    ? PendingMessage.accepted(number, records, length)
                    : PendingMessage.refused(number, refusal, length);
        } catch (RejectedException e) {
            return PendingMessage.refused(number, e.rejection(), length);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "unexpected failure reading message " + number, e);
            return PendingMessage.refused(
                    number, Rejection.of(ErrorCode.INTERNAL, "the server failed to read the message"), length);
        }
    }

    /** A whole binary message: refused, but numbered and answered like any other. */
    @Override
    public void binary() throws InterruptedException {
        queue(PendingMessage.refused(
                ++seq,
                Rejection.of(ErrorCode.UNSUPPORTED_FRAME, "binary frames are not supported; send JSON as text frames"),
                0));
    }

    /** A text message over the size limit: its bytes were counted and dropped as they came. */
    @Override
    public void tooLarge(long bytes) throws InterruptedException {
        queue(PendingMessage.refused(
                ++seq,
                Rejection.of(
                        ErrorCode.MESSAGE_TOO_LARGE, "message is " + bytes + " bytes; the limit is " + maxMessageBytes),
                0));
    }

    /**
     * Reading has ended (the client's Close, a protocol error, or the socket gone): stores and answers every
     * message received, then returns, waiting at most the drain bound.
     */
    void drain() throws InterruptedException {
        writer.drain();
    }

    /** Answers what is queued, then ends; once the server is stopping the writer then closes with 1001. */
    void finish() {
        writer.finish();
    }

    /** Waits for the writer to end, at most the given milliseconds. */
    boolean awaitWriter(long millis) throws InterruptedException {
        return writer.await(millis);
    }

    /** The connection is gone: drop what is still queued and wake the writer. */
    void closed() {
        queue.close();
        onClosed.accept(this);
        grant.disconnected();
    }
}
