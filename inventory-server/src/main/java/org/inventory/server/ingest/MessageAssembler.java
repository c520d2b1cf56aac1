package org.inventory.server.ingest;

import java.util.Arrays;

/**
 * Joins the data frames of each message into one byte array for the parser (RFC 6455 §5.4: a message is a
 * first frame and its continuations). A text message over the size limit, and any binary message, has its
 * bytes counted and skipped as they come, never held. A whole message is then handed to a {@link MessageSink}.
 */
final class MessageAssembler {
    private static final int NO_MESSAGE = -1;
    private static final byte[] NONE = new byte[0];

    /** Where whole messages go, on the reading thread, in order. */
    interface MessageSink {
        /**
         * A whole text message as UTF-8 bytes; the array is reused once this returns. {@code more}: bytes after
         * it have already come (the sender has more in flight).
         */
        void text(byte[] utf8, int length, boolean more) throws InterruptedException;

        void binary() throws InterruptedException;

        /** A text message over the size limit, of {@code bytes} bytes in all. */
        void tooLarge(long bytes) throws InterruptedException;
    }

    private final int maxMessageBytes;
    /**
     * The message being read: none while the connection is idle. It is let go after each message that no more
     * bytes follow, so an idle connection holds no buffer, while one that sends back to back reuses it.
     */
    private byte[] message = NONE;

    private long messageLength;
    private int messageType = NO_MESSAGE;
    private int wholeType = NO_MESSAGE;

    MessageAssembler(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Takes a data frame whose header was just read, reading its payload from {@code frames}; returns whether
     * it ended a message, which {@link #handTo} then delivers.
     */
    boolean frame(FrameHeader header, FrameReader frames) {
        if (header.opcode() == Frames.CONTINUATION) {
            if (messageType == NO_MESSAGE) {
                throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "a continuation frame, but no message to continue");
            }
        } else {
            if (messageType != NO_MESSAGE) {
                throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "a new message began before the last one ended");
            }
            messageType = header.opcode();
            messageLength = 0;
        }
        long length = header.length();
        long total = length > Long.MAX_VALUE - messageLength ? Long.MAX_VALUE : messageLength + length;
        if (messageType == Frames.TEXT && total <= maxMessageBytes) {
            int at = (int) messageLength;
            ensureCapacity((int) total);
            frames.payload(message, at, (int) length, header.mask());
        } else {
            frames.skip(length); // binary, or past the size limit: count the bytes, keep none
        }
        messageLength = total;
        if (header.fin()) {
            wholeType = messageType;
            messageType = NO_MESSAGE;
            return true;
        }
        return false;
    }

    /** Hands the message just ended to the sink; its buffer is let go if no more bytes wait. */
    void handTo(MessageSink sink, FrameReader frames) throws InterruptedException {
        if (wholeType == Frames.BINARY) {
            sink.binary();
        } else if (messageLength > maxMessageBytes) {
            sink.tooLarge(messageLength);
        } else {
            sink.text(message, (int) messageLength, !frames.drained());
        }
        wholeType = NO_MESSAGE;
        if (frames.drained()) {
            message = NONE;
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > message.length) {
            // The first frame's own size (a message in one frame, a device's way, takes just what it needs),
            // then doubling for fragments.
            int size = (int) Math.min(maxMessageBytes, Math.max(needed, 2L * message.length));
            message = Arrays.copyOf(message, size);
        }
    }
}
