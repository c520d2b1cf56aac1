package org.inventory.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bson.types.Decimal128;

/**
 * BSON (bsonspec.org) written into one growing array: the element types records use. Strings go straight from
 * the JSON parser's characters into the array; the driver's {@code BsonBinaryWriter} checks its room for every
 * byte, which made it the parser's largest cost.
 */
final class BsonBytes {
    static final byte DOUBLE = 0x01;
    static final byte STRING = 0x02;
    static final byte DOCUMENT = 0x03;
    static final byte ARRAY = 0x04;
    static final byte OBJECT_ID = 0x07;
    static final byte BOOLEAN = 0x08;
    static final byte NULL = 0x0A;
    static final byte INT32 = 0x10;
    static final byte INT64 = 0x12;
    static final byte DECIMAL128 = 0x13;

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] bytes;
    private int size;

    BsonBytes(int capacity) {
        bytes = new byte[capacity];
    }

    int size() {
        return size;
    }

    /** The array written so far; valid until the next write. */
    byte[] array() {
        return bytes;
    }

    /** Starts a document or array; returns its start, for {@link #end}. */
    int start() {
        int start = size;
        int32(0); // its length, set by end()
        return start;
    }

    void end(int start) {
        ensure(1);
        bytes[size++] = 0;
        INTS.set(bytes, start, size - start);
    }

    /**
     * An element's type and name. Returns false when the name holds a NUL (a BSON name is a C string) or a
     * lone surrogate; what was written is then garbage and the caller drops the whole buffer.
     */
    boolean name(byte type, String name) {
        int length = name.length();
        ensure(2 + length);
        bytes[size++] = type;
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (c == 0) {
                return false;
            } else if (c < 0x80) {
                bytes[size++] = (byte) c;
            } else {
                ensure(1 + 3 * (length - i));
                if (!encode(c, i + 1 < length ? name.charAt(i + 1) : 0)) {
                    return false;
                }
                i += Character.isSurrogate(c) ? 1 : 0;
            }
        }
        bytes[size++] = 0;
        return true;
    }

    /** An array element's type and name, which is its index in decimal. */
    void name(byte type, int index) {
        ensure(12);
        bytes[size++] = type;
        if (index < 10) {
            bytes[size++] = (byte) ('0' + index);
        } else {
            byte[] digits = Integer.toString(index).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(digits, 0, bytes, size, digits.length);
            size += digits.length;
        }
        bytes[size++] = 0;
    }

    /**
     * A string value, encoded from UTF-16 as it is copied. Returns false when the text holds a lone surrogate,
     * which UTF-8 cannot carry; what was written is then garbage and the caller drops the whole buffer.
     */
    boolean string(char[] chars, int offset, int length) {
        // Room for ASCII; more only once a wider character comes.
        ensure(5 + length);
        int lengthAt = size;
        size += 4;
        for (int i = offset, end = offset + length; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                bytes[size++] = (byte) c;
            } else {
                ensure(1 + 3 * (end - i));
                if (!encode(c, i + 1 < end ? chars[i + 1] : 0)) {
                    return false;
                }
                i += Character.isSurrogate(c) ? 1 : 0;
            }
        }
        bytes[size++] = 0;
        INTS.set(bytes, lengthAt, size - lengthAt - 4);
        return true;
    }

    /** Writes a char beyond ASCII (with the next one, if it is a surrogate pair) as UTF-8; room is ensured. */
    private boolean encode(char c, char next) {
        byte[] b = bytes;
        if (c < 0x800) {
            b[size++] = (byte) (0xC0 | c >> 6);
            b[size++] = (byte) (0x80 | c & 0x3F);
        } else if (!Character.isSurrogate(c)) {
            b[size++] = (byte) (0xE0 | c >> 12);
            b[size++] = (byte) (0x80 | c >> 6 & 0x3F);
            b[size++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && Character.isLowSurrogate(next)) {
            int code = Character.toCodePoint(c, next);
            b[size++] = (byte) (0xF0 | code >> 18);
            b[size++] = (byte) (0x80 | code >> 12 & 0x3F);
            b[size++] = (byte) (0x80 | code >> 6 & 0x3F);
            b[size++] = (byte) (0x80 | code & 0x3F);
        } else {
            return false;
        }
        return true;
    }

    void int32(int value) {
        ensure(4);
        INTS.set(bytes, size, value);
        size += 4;
    }

    void int64(long value) {
        ensure(8);
        LONGS.set(bytes, size, value);
        size += 8;
    }

    void float64(double value) {
        int64(Double.doubleToRawLongBits(value));
    }

    void bool(boolean value) {
        ensure(1);
        bytes[size++] = (byte) (value ? 1 : 0);
    }

    void decimal128(Decimal128 value) {
        int64(value.getLow());
        int64(value.getHigh());
    }

    /** Twelve zero bytes where an ObjectId goes; returns their position, to be filled in later. */
    int objectIdPlaceholder() {
        ensure(12);
        int at = size;
        size += 12;
        return at;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, 2 * bytes.length));
        }
    }
}
