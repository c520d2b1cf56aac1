package org.inventory.server.ingest;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import java.io.UncheckedIOException;
import java.time.Duration;
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
final class IngestConnection extends FrameWriter implements ServerConnection {
    private final ConnectionContext ctx;
    private final FrameReader frames;
    private final int maxMessageBytes;
    private final Function<ReplySink, IngestSession> opener;

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
        var dispatch = new FrameDispatch(frames, maxMessageBytes, frame -> send(frame, false));
        CloseFrame closing = null;
        try {
            while (running) {
                readFrame(dispatch, session);
            }
            closing = dispatch.closeReply();
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
            drainThenClose(session, closing);
        } finally {
            session.closed();
        }
    }

    private void readFrame(FrameDispatch dispatch, IngestSession session) throws InterruptedException {
        reading = true;
        // Not reading once the frame's bytes are in: a session that waits for room must not be interrupted as a
        // blocked read.
        running = dispatch.next(session, () -> reading = false);
        lastFrameNanos = System.nanoTime();
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

    @Override
    void write(byte[] bytes) {
        ctx.dataWriter().writeNow(BufferData.create(bytes));
    }
}
