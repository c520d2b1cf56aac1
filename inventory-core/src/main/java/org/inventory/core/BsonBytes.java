package org.inventory.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bson.types.Decimal128;

/**
 * BSON (bsonspec.org) written into one growing array: the element types records use. Text is copied in as the
 * UTF-8 it came as; the driver's {@code BsonBinaryWriter} checks its room for every byte, which made it the
 * parser's largest cost.
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

    /** One byte. */
    void put(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    /** Bytes as they are. */
    void bytes(byte[] from, int offset, int length) {
        ensure(length);
        System.arraycopy(from, offset, bytes, size, length);
        size += length;
    }

    /** A Unicode code point (not a surrogate) as UTF-8. */
    void codePoint(int code) {
        ensure(4);
        byte[] b = bytes;
        if (code < 0x80) {
            b[size++] = (byte) code;
        } else if (code < 0x800) {
            b[size++] = (byte) (0xC0 | code >> 6);
            b[size++] = (byte) (0x80 | code & 0x3F);
        } else if (code < 0x10000) {
            b[size++] = (byte) (0xE0 | code >> 12);
            b[size++] = (byte) (0x80 | code >> 6 & 0x3F);
            b[size++] = (byte) (0x80 | code & 0x3F);
        } else {
            b[size++] = (byte) (0xF0 | code >> 18);
            b[size++] = (byte) (0x80 | code >> 12 & 0x3F);
            b[size++] = (byte) (0x80 | code >> 6 & 0x3F);
            b[size++] = (byte) (0x80 | code & 0x3F);
        }
    }

    /** Sets the byte at {@code at}, written before: an element's type, known once its value is read. */
    void set(int at, byte b) {
        bytes[at] = b;
    }

    /** Sets the int32 at {@code at}, written before: a length, known once what it measures is written. */
    void setInt32(int at, int value) {
        INTS.set(bytes, at, value);
    }

    /** Whether the {@code length} bytes at {@code at} are {@code expected}. */
    boolean matches(int at, int length, byte[] expected) {
        return Arrays.equals(bytes, at, at + length, expected, 0, expected.length);
    }

    /** Drops what was written from {@code size} on. */
    void truncate(int size) {
        this.size = size;
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
