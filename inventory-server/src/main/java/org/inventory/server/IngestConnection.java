package org.inventory.server;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;

/**
 * One ingest WebSocket connection after the handshake (RFC 6455). It reads frames straight from Helidon's
 * socket reader on the connection's virtual thread, unmasks them eight bytes at a time, joins the frames of
 * each text message into one byte array for the parser, answers pings and the close handshake, and sends
 * the replies of its {@link IngestSession}.
 *
 * <p>It replaces Helidon's WebSocket connection, which unmasked a byte per virtual call (some 40 % of the
 * server's CPU under load) and decoded every frame to a String on its own, so invalid UTF-8 and characters
 * split between fragments arrived as U+FFFD.
 */
final class IngestConnection implements ServerConnection {
    private static final int NO_MESSAGE = -1;
    private static final int INITIAL_BUFFER = 4 * 1024;
    /**
     * A larger message buffer is dropped after its message when no more bytes wait, so idle connections stay
     * small while a busy one does not allocate it again for every message.
     */
    private static final int RETAINED_BUFFER = 64 * 1024;

    private final ConnectionContext ctx;
    private final DataReader reader;
    private final IngestSession session;
    private final int maxMessageBytes;
    private final ReentrantLock sending = new ReentrantLock();
    private boolean closeSent;
    private boolean broken;
    /** The answer to the client's Close, sent once every message before it is answered. */
    private CloseFrame closeReply;
    private volatile boolean running = true;
    private volatile boolean reading;
    private volatile Thread thread;
    private volatile long lastFrameNanos = System.nanoTime();

    // The message being received; only the reading thread touches these.
    private byte[] message = new byte[INITIAL_BUFFER];
    private long messageLength;
    private int messageType = NO_MESSAGE;

    IngestConnection(ConnectionContext ctx, IngestEndpoint endpoint) {
        this.ctx = ctx;
        this.reader = ctx.dataReader();
        this.maxMessageBytes = endpoint.maxMessageBytes();
        this.session = new IngestSession(endpoint, this);
    }

    @Override
    public void handle(Limit limit) {
        run();
    }

    @Override
    public void handle(Semaphore requests) {
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
        session.opened();
        CloseFrame closing = null;
        try {
            while (running) {
                readFrame();
            }
            closing = closeReply;
        } catch (ProtocolViolation e) {
            closing = new CloseFrame(e.code, e.getMessage());
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
                close(closing.code, closing.reason);
            }
            session.closed();
        }
    }

    /** Sends text frames (replies) with one write; nothing is sent once the close frame has gone. */
    void sendTexts(List<String> texts) {
        var frames = new ByteArrayOutputStream(64 * texts.size());
        for (String text : texts) {
            frames.writeBytes(Frames.frame(Frames.TEXT, text.getBytes(StandardCharsets.UTF_8)));
        }
        send(frames.toByteArray(), false);
    }

    /**
     * Starts the closing handshake with a status and a reason (our own ASCII text, cut to fit a control frame);
     * the client's close frame then ends the connection.
     */
    void close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, Frames.MAX_CONTROL_PAYLOAD - 2)];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        send(Frames.CLOSE, payload);
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

    private void send(int opcode, byte[] payload) {
        send(Frames.frame(opcode, payload), opcode == Frames.CLOSE);
    }

    /** Writes frames unless the close frame has gone or the socket is broken; a broken socket is remembered, not thrown. */
    private void send(byte[] frames, boolean closing) {
        sending.lock();
        try {
            if (closeSent || broken) {
                return;
            }
            closeSent = closing;
            ctx.dataWriter().writeNow(BufferData.create(frames));
        } catch (RuntimeException e) {
            // The peer is gone: the writer goes on storing what was received, as it does after a FIN.
            broken = true;
        } finally {
            sending.unlock();
        }
    }

    private void readFrame() throws InterruptedException {
        reading = true;
        int first = reader.read() & 0xFF;
        int second = reader.read() & 0xFF;
        boolean fin = (first & 0x80) != 0;
        int opcode = first & 0x0F;
        if ((first & 0x70) != 0) {
            throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "reserved bits are set, but no extension was agreed");
        }
        if ((second & 0x80) == 0) {
            throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "frames from a client must be masked");
        }
        long length = second & 0x7F;
        if (length == 126) {
            length = readBigEndian(2);
            if (length < 126) {
                throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "a length under 126 must be sent in 7 bits");
            }
        } else if (length == 127) {
            length = readBigEndian(8);
            if (length < 0) {
                throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "the frame length has its top bit set");
            }
            if (length < 65536) {
                throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "a length under 65536 must be sent in 16 bits");
            }
        }
        int mask = (int) readBigEndian(4);
        if (opcode >= Frames.CLOSE) {
            controlFrame(fin, opcode, length, mask);
        } else {
            dataFrame(fin, opcode, length, mask);
        }
        lastFrameNanos = System.nanoTime();
    }

    private void dataFrame(boolean fin, int opcode, long length, int mask) throws InterruptedException {
        if (opcode > Frames.BINARY) {
            throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "reserved opcode " + opcode);
        }
        if (opcode == Frames.CONTINUATION) {
            if (messageType == NO_MESSAGE) {
                throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "a continuation frame, but no message to continue");
            }
        } else {
            if (messageType != NO_MESSAGE) {
                throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "a new message began before the last one ended");
            }
            messageType = opcode;
            messageLength = 0;
        }
        long total = length > Long.MAX_VALUE - messageLength ? Long.MAX_VALUE : messageLength + length;
        if (messageType == Frames.TEXT && total <= maxMessageBytes) {
            int at = (int) messageLength;
            ensureCapacity((int) total);
            readFully(message, at, (int) length);
            Frames.unmask(message, at, (int) length, mask);
        } else {
            skip(length); // binary, or past the size limit: count the bytes, keep none
        }
        messageLength = total;
        if (fin) {
            int type = messageType;
            messageType = NO_MESSAGE;
            reading = false;
            if (type == Frames.BINARY) {
                session.binary();
            } else if (total > maxMessageBytes) {
                session.tooLarge(total);
            } else {
                session.text(message, (int) total);
            }
            if (message.length > RETAINED_BUFFER && reader.available() == 0) {
                message = new byte[INITIAL_BUFFER];
            }
        }
    }

    private void controlFrame(boolean fin, int opcode, long length, int mask) {
        if (opcode > Frames.PONG) {
            throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "reserved opcode " + opcode);
        }
        if (!fin || length > Frames.MAX_CONTROL_PAYLOAD) {
            throw new ProtocolViolation(Frames.PROTOCOL_ERROR,
                    "a control frame must be final and carry at most " + Frames.MAX_CONTROL_PAYLOAD + " bytes");
        }
        byte[] payload = new byte[(int) length];
        readFully(payload, 0, payload.length);
        Frames.unmask(payload, 0, payload.length, mask);
        reading = false;
        switch (opcode) {
            case Frames.PING -> send(Frames.PONG, payload);
            case Frames.CLOSE -> closeReceived(payload);
            default -> { } // an unsolicited pong needs no answer
        }
    }

    /** The client's close frame: reading ends, and the same status goes back once the messages are answered. */
    private void closeReceived(byte[] payload) {
        running = false;
        if (payload.length == 0) {
            closeReply = new CloseFrame(Frames.NORMAL_CLOSURE, "");
            return;
        }
        int code = payload.length < 2 ? 0 : (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
        if (!Frames.validCloseCode(code)) {
            throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "the close frame has an invalid status code");
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload, 2, payload.length - 2));
        } catch (CharacterCodingException e) {
            throw new ProtocolViolation(Frames.INVALID_DATA, "the close reason is not valid UTF-8");
        }
        closeReply = new CloseFrame(code, "");
    }

    private void ensureCapacity(int needed) {
        if (needed > message.length) {
            int size = (int) Math.min(maxMessageBytes, Math.max(needed, 2L * message.length));
            message = Arrays.copyOf(message, size);
        }
    }

    private void readFully(byte[] into, int offset, int length) {
        while (length > 0) {
            reader.ensureAvailable();
            int n = Math.min(reader.available(), length);
            reader.readBuffer(n).read(into, offset, n);
            offset += n;
            length -= n;
        }
    }

    private void skip(long length) {
        while (length > 0) {
            reader.ensureAvailable();
            int n = (int) Math.min(reader.available(), length);
            reader.skip(n);
            length -= n;
        }
    }

    private long readBigEndian(int bytes) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = value << 8 | (reader.read() & 0xFF);
        }
        return value;
    }

    /** A close frame to send: its status code and reason. */
    private record CloseFrame(int code, String reason) {
    }

    /** A frame that breaks RFC 6455: the connection is closed with the code and the message as reason. */
    private static final class ProtocolViolation extends RuntimeException {
        private final int code;

        ProtocolViolation(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
