package org.inventory.server.ingest;

import io.helidon.common.buffers.DataReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * A client's side of the wire, as bytes: frames built by hand so that a test can break any rule of RFC 6455
 * §5.2, and readers that hand those bytes to a {@link FrameReader} whole, one byte at a time or in chunks.
 */
final class ClientFrames {
    /** The masking key of RFC 6455 §5.7's examples. */
    static final int MASK = 0x37FA213D;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int mask = MASK;

    static ClientFrames frames() {
        return new ClientFrames();
    }

    /** A masked frame with its length in the minimal encoding, each frame with a key of its own. */
    ClientFrames frame(boolean fin, int opcode, byte[] payload) {
        int form = payload.length < 126 ? 0 : payload.length < 65536 ? 2 : 8;
        return raw((fin ? 0x80 : 0) | opcode, true, form, payload.length, payload);
    }

    ClientFrames text(String text) {
        return frame(true, Frames.TEXT, utf8(text));
    }

    /**
     * Any frame: its first byte as given (FIN, RSV1-3, opcode), masked or not, its length declared in 7 bits
     * ({@code lengthBytes} 0), 16 bits (2) or 64 bits (8) whatever its value, then the payload.
     */
    ClientFrames raw(int firstByte, boolean masked, int lengthBytes, long declaredLength, byte[] payload) {
        bytes.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        switch (lengthBytes) {
            case 0 -> bytes.write(maskBit | (int) declaredLength);
            case 2 -> bytes.write(maskBit | 126);
            case 8 -> bytes.write(maskBit | 127);
            default -> throw new IllegalArgumentException("a length takes 0, 2 or 8 bytes after the second byte");
        }
        for (int k = lengthBytes - 1; k >= 0; k--) {
            bytes.write((int) (declaredLength >>> (8 * k)));
        }
        byte[] body = payload.clone();
        if (masked) {
            for (int k = 3; k >= 0; k--) {
                bytes.write(mask >>> (8 * k));
            }
            for (int k = 0; k < body.length; k++) {
                body[k] ^= (byte) (mask >>> (24 - 8 * (k % 4)));
            }
            mask = Integer.rotateLeft(mask * 31 + 17, 7); // the next frame masks with another key
        }
        bytes.writeBytes(body);
        return this;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    /** All the bytes in one read. */
    DataReader inOneRead() {
        return reader(bytes(), () -> Integer.MAX_VALUE);
    }

    static DataReader oneByteAtATime(byte[] bytes) {
        return reader(bytes, () -> 1);
    }

    /** The bytes in reads of 1 to {@code largest} bytes, as the random source decides. */
    static DataReader randomChunks(byte[] bytes, Random random, int largest) {
        return reader(bytes, () -> 1 + random.nextInt(largest));
    }

    /** Two reads, split before byte {@code at}. */
    static DataReader splitAt(byte[] bytes, int at) {
        int[] sizes = {at, Integer.MAX_VALUE};
        int[] next = {0};
        return reader(bytes, () -> sizes[Math.min(next[0]++, 1)]);
    }

    /** A reader whose socket delivers the bytes in reads of the given sizes, then is closed by the peer. */
    static DataReader reader(byte[] bytes, IntSupplier readSizes) {
        int[] at = {0};
        return DataReader.create(() -> {
            if (at[0] == bytes.length) {
                return null; // the peer is gone: Helidon's reader throws InsufficientDataAvailableException
            }
            int size = (int) Math.min(Math.max(1, readSizes.getAsInt()), (long) bytes.length - at[0]);
            byte[] read = Arrays.copyOfRange(bytes, at[0], at[0] + size);
            at[0] += size;
            return read;
        });
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int k = 0; k < values.length; k++) {
            bytes[k] = (byte) values[k];
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
