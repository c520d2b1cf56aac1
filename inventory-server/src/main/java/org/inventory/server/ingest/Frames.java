package org.inventory.server.ingest;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** RFC 6455 framing: opcodes, close codes, unmasking client payloads and building server frames. */
final class Frames {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    static final int NORMAL_CLOSURE = 1000;
    static final int GOING_AWAY = 1001;
    static final int PROTOCOL_ERROR = 1002;
    static final int INVALID_DATA = 1007;

    /** A control frame carries at most this many payload bytes (§5.5). */
    static final int MAX_CONTROL_PAYLOAD = 125;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Frames() {}

    /**
     * Unmasks {@code length} bytes in place: byte k of the payload is XORed with byte k mod 4 of the masking
     * key (given big-endian in an int), eight bytes at a time.
     */
    static void unmask(byte[] payload, int offset, int length, int mask) {
        long mask8 = (mask & 0xFFFFFFFFL) << 32 | (mask & 0xFFFFFFFFL);
        int i = offset;
        int end = offset + length;
        for (; i + 8 <= end; i += 8) {
            LONGS.set(payload, i, (long) LONGS.get(payload, i) ^ mask8);
        }
        for (int k = i - offset; i < end; i++, k++) {
            payload[i] ^= (byte) (mask >>> (24 - 8 * (k & 3)));
        }
    }

    /** One unmasked, final server frame holding the payload. */
    static byte[] frame(int opcode, byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) (0x80 | opcode);
        if (header == 2) {
            frame[1] = (byte) length;
        } else if (header == 4) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int k = 0; k < 8; k++) {
                frame[2 + k] = (byte) ((long) length >>> (56 - 8 * k));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
    }

    /** Text frames, one a reply, in one array: for one write. */
    static byte[] texts(List<String> replies) {
        var out = new ByteArrayOutputStream(64 * replies.size());
        for (String text : replies) {
            out.writeBytes(frame(TEXT, text.getBytes(StandardCharsets.UTF_8)));
        }
        return out.toByteArray();
    }

    /** Whether a peer may send this code in a close frame (§7.4: not 1004-1006, 1015 or unassigned). */
    static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
