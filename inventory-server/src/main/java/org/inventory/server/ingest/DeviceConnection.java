package org.inventory.server.ingest;

import io.helidon.common.buffers.DataReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.inventory.server.ingest.CloseHandshake.CloseFrame;

/**
 * One WebSocket of the device port. While its device is silent it holds no thread and no buffer: the
 * {@link Readiness} selector watches its socket, and the first bytes start a virtual thread that reads the
 * handshake or the frames, as an {@link IngestConnection} does, until no more bytes wait at a frame's end; the
 * thread then hands the socket back to the selector and ends. Reads and writes never block a thread on the
 * socket: one that would waits, parked, for the selector to say the socket is ready.
 */
final class DeviceConnection extends FrameWriter implements Readiness.Ready {
    private static final System.Logger LOG = System.getLogger(DeviceConnection.class.getName());

    private final SocketChannel channel;
    private final String address;
    private final Readiness readiness;
    private final BufferPool buffers;
    private final DeviceHandshake handshake;
    private final Consumer<DeviceConnection> onClosed;
    private final DataReader reader = DataReader.create(this::pull);
    private final FrameDispatch dispatch;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile SelectionKey key;

    /** Set by the reading thread of the moment alone (one at a time); read by {@link #abort}. */
    private volatile IngestSession session;

    private byte[] unread;
    private boolean endOfStream;
    private boolean running = true;
    private volatile Thread reading;
    /** The reading thread, while it waits for bytes in the middle of a handshake or a frame. */
    private volatile Waiter readWaiter;
    /** A writing thread, while it waits for the socket to take more. */
    private volatile Waiter writeWaiter;

    private volatile boolean closed;
    private volatile long lastFrameNanos = System.nanoTime();

    DeviceConnection(
            SocketChannel channel,
            String address,
            Readiness readiness,
            BufferPool buffers,
            DeviceHandshake handshake,
            int maxMessageBytes,
            Consumer<DeviceConnection> onClosed) {
        this.channel = channel;
        this.address = address;
        this.readiness = readiness;
        this.buffers = buffers;
        this.handshake = handshake;
        this.dispatch = new FrameDispatch(new FrameReader(reader), maxMessageBytes, frame -> send(frame, false));
        this.onClosed = onClosed;
    }

    /** Hands the new socket to the selector, to be read once its handshake's first bytes come. */
    void start() throws IOException {
        key = readiness.register(channel, this);
        if (!readiness.await(key, SelectionKey.OP_READ)) {
            throw new ClosedChannelException();
        }
    }

    /** On the selector's thread: wakes the thread that waits for this, or starts one to read. */
    @Override
    public void ready(int ops) {
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            Waiter waiter = writeWaiter;
            if (waiter != null) {
                waiter.wake();
            }
        }
        if ((ops & SelectionKey.OP_READ) != 0) {
            Waiter waiter = readWaiter;
            if (waiter != null) {
                waiter.wake();
            } else {
                Thread.ofVirtual().name("ingest-device").start(this::resume);
            }
        }
    }

    /**
     * Reads while bytes come: the handshake first, then frames, each message handed to the session as it ends.
     * Returns to the selector when none wait at a frame's end; once the reading ends (the client's Close, a
     * protocol error, the socket gone), every message received is stored and answered before the closing frame.
     */
    private void resume() {
        reading = Thread.currentThread();
        CloseFrame closing = null;
        try {
            if (session == null) {
                session = handshake.open(this, reader, address);
                if (session == null) {
                    end(); // refused, and answered so
                    return;
                }
            }
            while (running) {
                if (reader.available() == 0 && !readNow()) {
                    if (idle()) {
                        return;
                    }
                    break; // closed meanwhile
                }
                readFrame();
            }
            closing = dispatch.closeReply();
        } catch (ProtocolViolation e) {
            closing = new CloseFrame(e.code(), e.getMessage());
        } catch (DataReader.InsufficientDataAvailableException | UncheckedIOException e) {
            // The client closed the socket, or it broke: no replies can go out, but what came is stored.
        } catch (InterruptedException e) {
            // The server stops this connection after its grace: drop what is left.
            end();
            return;
        } catch (RuntimeException e) {
            // A defect: close this connection rather than leave its socket open with no one to read it.
            LOG.log(System.Logger.Level.ERROR, "a device port connection failed", e);
            end();
            return;
        }
        try {
            if (session != null) {
                drainThenClose(session, closing);
            }
        } finally {
            end();
        }
    }

    private void readFrame() throws InterruptedException {
        running = dispatch.next(session, () -> {});
        lastFrameNanos = System.nanoTime();
    }

    /**
     * With nothing read and not yet taken, reads what the socket holds now without waiting: true if that was
     * something (or its end), false if nothing waits.
     */
    private boolean readNow() {
        if (unread != null || endOfStream) {
            return true;
        }
        ByteBuffer buffer = buffers.take();
        try {
            int n = channel.read(buffer);
            if (n < 0) {
                endOfStream = true;
            } else if (n > 0) {
                unread = bytes(buffer);
            }
            return n != 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            buffers.give(buffer);
        }
    }

    /** Gives the socket back to the selector, and this thread ends; false if the socket closed meanwhile. */
    private boolean idle() {
        reading = null;
        return readiness.await(key, SelectionKey.OP_READ);
    }

    /** The reader's source: the bytes the socket holds, waiting (parked, no buffer held) until some come. */
    private byte[] pull() {
        while (!readNow()) {
            var waiter = new Waiter();
            readWaiter = waiter;
            try {
                waiter.await(SelectionKey.OP_READ);
            } catch (ClosedChannelException e) {
                throw new UncheckedIOException(e);
            } finally {
                readWaiter = null;
            }
        }
        byte[] bytes = unread;
        unread = null;
        return bytes; // null at the end of the stream: the reader reports it
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.flip().remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** Writes the handshake's answer, as it is. */
    void answer(byte[] response) {
        send(response, false);
    }

    /** Writes without blocking a thread: when the socket takes no more, waits, parked, until it can. */
    @Override
    void write(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                awaitWrite();
            }
        }
    }

    private void awaitWrite() throws ClosedChannelException {
        var waiter = new Waiter();
        writeWaiter = waiter;
        try {
            waiter.await(SelectionKey.OP_WRITE);
        } finally {
            writeWaiter = null;
        }
    }

    /** A thread that waits, parked, for the selector to say the socket is ready for one operation. */
    private final class Waiter {
        private final Thread thread = Thread.currentThread();
        private volatile boolean ready;

        /** Asks the selector for {@code op} and parks until it is ready; throws once the socket is closed. */
        void await(int op) throws ClosedChannelException {
            if (!readiness.await(key, op)) {
                throw new ClosedChannelException();
            }
            while (!ready) {
                if (closed || thread.isInterrupted()) {
                    throw new ClosedChannelException();
                }
                LockSupport.park(DeviceConnection.this);
            }
        }

        /** On the selector's thread: the operation is ready. */
        void wake() {
            ready = true;
            LockSupport.unpark(thread);
        }
    }

    /**
     * How long since its last whole frame (or its opening): the listener closes one silent for too long, also
     * one that stopped halfway through a frame or a handshake.
     */
    long idleNanos() {
        return System.nanoTime() - lastFrameNanos;
    }

    /** Whether a thread serves it now: its socket is not with the selector alone. */
    boolean served() {
        return reading != null;
    }

    /** Whether its reading thread waits, parked, for bytes in the middle of a handshake or a frame. */
    boolean waitsForBytes() {
        return readWaiter != null;
    }

    /**
     * Whether it waits for its device: no thread reads it (its socket with the selector), or the one that does waits
     * for bytes in the middle of a handshake or a frame. Not while its reading waits for room to queue a message:
     * then the server is the one that does not read.
     */
    boolean waitsForDevice() {
        return reading == null || readWaiter != null;
    }

    /**
     * Closes the socket at once, without a closing handshake (server stop after its grace, idle timeout): wakes
     * what waits on it, and ends the session of a connection no thread reads.
     */
    void abort() {
        closed = true;
        closeChannel();
        unpark(readWaiter); // it looks again, and finds the socket closed
        unpark(writeWaiter);
        Thread current = reading;
        if (current != null) {
            current.interrupt(); // a reader that waits for room to queue a message
        } else {
            end();
        }
    }

    private static void unpark(Waiter waiter) {
        if (waiter != null) {
            LockSupport.unpark(waiter.thread);
        }
    }

    /** Once: the session is told, the socket closed, the listener forgets the connection. */
    private void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        reading = null;
        if (session != null) {
            session.closed();
        }
        closeChannel();
        onClosed.accept(this);
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }
}
