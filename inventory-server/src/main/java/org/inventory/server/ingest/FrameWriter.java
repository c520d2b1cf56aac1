package org.inventory.server.ingest;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.inventory.server.ingest.CloseHandshake.CloseFrame;

/**
 * The writing side of a connection, on either port: the session's replies and the closing frame, one write at a
 * time. Nothing goes out after the closing frame, and a socket found broken is remembered, not thrown: the session
 * goes on storing what was received, as it does after a FIN.
 */
abstract class FrameWriter implements ReplySink {
    private final ReentrantLock sending = new ReentrantLock();
    private boolean closeSent;
    private boolean broken;

    /** Sends text frames (replies) with one write. */
    @Override
    public final void send(List<String> replies) {
        send(Frames.texts(replies), false);
    }

    /** Sends a close frame; the client's answering Close, or its going away, then ends the connection. */
    @Override
    public final void close(int code, String reason) {
        send(Frames.frame(Frames.CLOSE, new CloseFrame(code, reason).payload()), true);
    }

    /** Writes the bytes unless the closing frame has gone or the socket is broken; {@code closing}: they close. */
    final void send(byte[] bytes, boolean closing) {
        sending.lock();
        try {
            if (closeSent || broken) {
                return;
            }
            closeSent = closing;
            write(bytes);
        } catch (IOException | RuntimeException e) {
            broken = true;
        } finally {
            sending.unlock();
        }
    }

    /**
     * Reading has ended (the client's Close, a protocol error, the socket gone): every message received is stored
     * and answered first, in order (RFC 6455 §5.5.1 lets data precede the Close), then {@code closing} goes out, if
     * any: the echo of the client's Close, or ours for a protocol error.
     */
    final void drainThenClose(IngestSession session, CloseFrame closing) {
        try {
            session.drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (closing != null) {
                close(closing.code(), closing.reason());
            }
        }
    }

    /** Writes all the bytes to the socket; throws if it is gone. */
    abstract void write(byte[] bytes) throws IOException;
}
