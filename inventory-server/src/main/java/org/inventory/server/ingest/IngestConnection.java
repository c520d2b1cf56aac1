package org.inventory.server.ingest;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.inventory.server.ingest.CloseHandshake.CloseFrame;

/**
 * One ingest WebSocket connection after the handshake (RFC 6455), on its own virtual thread: it reads frames
 * ({@link FrameReader}), joins them into messages ({@link MessageAssembler}) for its {@link IngestSession},
 * answers pings, and writes the session's replies and the closing handshake ({@link CloseHandshake}).
 *
 * <p>It replaces Helidon's WebSocket connection, which unmasked a byte per virtual call (some 40 % of the
 * server's CPU under load) and decoded every frame to a String on its own, so invalid UTF-8 and characters
 * split between fragments arrived as U+FFFD.
 */
final class IngestConnection implements ServerConnection, ReplySink {
    private final ConnectionContext ctx;
    private final FrameReader frames;
    private final int maxMessageBytes;
    private final Function<ReplySink, IngestSession> opener;
    private final ReentrantLock sending = new ReentrantLock();
    private boolean closeSent;
    private boolean broken;
    /** The answer to the client's Close, sent once every message before it is answered. */
    private CloseFrame closeReply;

    private volatile boolean running = true;
    private volatile boolean reading;
    private volatile Thread thread;
    private volatile long lastFrameNanos = System.nanoTime();

    /** {@code opener} gives the connection its session, which sends its replies back through the connection. */
    IngestConnection(ConnectionContext ctx, int maxMessageBytes, Function<ReplySink, IngestSession> opener) {
        this.ctx = ctx;
        this.frames = new FrameReader(ctx.dataReader());
        this.maxMessageBytes = maxMessageBytes;
        this.opener = opener;
    }

    @Override
    public void handle(Limit limit) {
        run();
    }

    /**
     * Reads frames until the client closes, breaks the protocol or goes away. Whatever ends the reading, every
     * message received before it is still stored and answered, in order (RFC 6455 §5.5.1 lets data precede our
     * Close), and only then does the closing frame go out: the echo of the client's Close, or ours for a
     * protocol error. A socket that is gone takes no replies, but its messages are stored all the same.
     */
    private void run() {
        thread = Thread.currentThread();
        IngestSession session = opener.apply(this);
        var messages = new MessageAssembler(maxMessageBytes);
        CloseFrame closing = null;
        try {
            while (running) {
                readFrame(messages, session);
            }
            closing = closeReply;
        } catch (ProtocolViolation e) {
            closing = new CloseFrame(e.code(), e.getMessage());
        } catch (DataReader.InsufficientDataAvailableException | UncheckedIOException e) {
            // The client closed the socket, or it broke: no replies can go out, but what came is stored.
        } catch (InterruptedException e) {
            // The server is stopping this connection (see close(boolean)) after its grace: drop what is left.
            Thread.currentThread().interrupt();
            session.closed();
            return;
        }
        try {
            session.drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (closing != null) {
                close(closing.code(), closing.reason());
            }
            session.closed();
        }
    }

    private void readFrame(MessageAssembler messages, IngestSession session) throws InterruptedException {
        reading = true;
        FrameHeader header = frames.next();
        if (header.control()) {
            byte[] payload = frames.payload(header);
            reading = false;
            switch (header.opcode()) {
                case Frames.PING -> send(Frames.frame(Frames.PONG, payload), false);
                case Frames.CLOSE -> {
                    closeReply = CloseHandshake.answer(payload);
                    running = false;
                }
                default -> {} // an unsolicited pong needs no answer
            }
        } else {
            boolean whole = messages.frame(header, frames);
            // Not reading any more: a session that waits for room must not be interrupted as a blocked read.
            reading = false;
            if (whole) {
                messages.handTo(session, frames);
            }
        }
        lastFrameNanos = System.nanoTime();
    }

    /** Sends text frames (replies) with one write. */
    @Override
    public void send(List<String> replies) {
        var out = new ByteArrayOutputStream(64 * replies.size());
        for (String text : replies) {
            out.writeBytes(Frames.frame(Frames.TEXT, text.getBytes(StandardCharsets.UTF_8)));
        }
        send(out.toByteArray(), false);
    }

    /** Sends a close frame; the client's answering Close, or its going away, then ends the connection. */
    @Override
    public void close(int code, String reason) {
        send(Frames.frame(Frames.CLOSE, new CloseFrame(code, reason).payload()), true);
    }

    @Override
    public Duration idleTime() {
        return Duration.ofNanos(System.nanoTime() - lastFrameNanos);
    }

    /** Helidon stops the connection (server stop, idle timeout): end the read loop, interrupting a blocked read. */
    @Override
    public void close(boolean interrupt) {
        running = false;
        Thread current = thread;
        if (current != null && (interrupt || reading)) {
            current.interrupt();
        }
    }

    /** Writes frames unless the close frame has gone or the socket is broken; a broken socket is remembered, not thrown. */
    private void send(byte[] bytes, boolean closing) {
        sending.lock();
        try {
            if (closeSent || broken) {
                return;
            }
            closeSent = closing;
            ctx.dataWriter().writeNow(BufferData.create(bytes));
        } catch (RuntimeException e) {
            // The peer is gone: the session goes on storing what was received, as it does after a FIN.
            broken = true;
        } finally {
            sending.unlock();
        }
    }
}
