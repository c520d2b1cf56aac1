package org.inventory.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 checking (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) of message bytes,
 * eight ASCII bytes at a time, since nearly all records are ASCII.
 */
public final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x0101010101010101L;

    private Utf8() {}

    /**
     * The index of the first byte that starts invalid UTF-8 or is a NUL (which no JSON text holds raw),
     * or -1 when there is none.
     */
    public static int firstInvalidOrNul(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (i + 8 <= end) {
                long word = (long) LONGS.get(bytes, i);
                // No byte with its high bit set, and no zero byte (the classic has-zero-byte test).
                if (((word | ((word - LOW_BITS) & ~word)) & HIGH_BITS) == 0) {
                    i += 8;
                    continue;
                }
            }
            int b = bytes[i] & 0xFF;
            if (b == 0) {
                return i;
            }
            if (b < 0x80) {
                i++;
                continue;
            }
            int size = sequenceLength(bytes, i, end);
            if (size == 0) {
                return i;
            }
            i += size;
        }
        return -1;
    }

    /** The length of the valid multi-byte sequence at {@code i}, or 0 when it is not one. */
    private static int sequenceLength(byte[] bytes, int i, int end) {
        int b = bytes[i] & 0xFF;
        int size;
        int min = 0x80;
        int max = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            size = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            size = 3;
            if (b == 0xE0) {
                min = 0xA0; // overlong below U+0800
            } else if (b == 0xED) {
                max = 0x9F; // U+D800..U+DFFF, the surrogates
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            size = 4;
            if (b == 0xF0) {
                min = 0x90; // overlong below U+10000
            } else if (b == 0xF4) {
                max = 0x8F; // above U+10FFFF
            }
        } else {
            return 0;
        }
        if (i + size > end) {
            return 0;
        }
        int second = bytes[i + 1] & 0xFF;
        if (second < min || second > max) {
            return 0;
        }
        for (int k = 2; k < size; k++) {
            if ((bytes[i + k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        return size;
    }
}
