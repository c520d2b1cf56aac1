package org.inventory.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Writes records as BSON (bsonspec.org), one after the other, into one growing byte array.
 *
 * <p>It writes the element types records use, and the layout of a record: its {@code _id} first, an ObjectId
 * filled in when the record ends. Text is copied in as the UTF-8 it came as (the JSON tokenizer decodes strings
 * straight into it); the driver's {@code BsonBinaryWriter} checks its room for every byte, which made it the
 * parser's largest cost. The records are then views of the one array, which is cheap to queue and to collect,
 * and which the driver sends as it is.
 */
final class BsonWriter {
    static final byte DOUBLE = 0x01;
    static final byte STRING = 0x02;
    static final byte DOCUMENT = 0x03;
    static final byte ARRAY = 0x04;
    static final byte BINARY = 0x05;
    static final byte OBJECT_ID = 0x07;
    static final byte BOOLEAN = 0x08;
    static final byte DATE_TIME = 0x09;
    static final byte NULL = 0x0A;
    static final byte INT32 = 0x10;
    static final byte INT64 = 0x12;
    static final byte DECIMAL128 = 0x13;

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] ID = {'_', 'i', 'd'};
    /** Where a record's ObjectId goes: after its length, its first element's type and the name "_id". */
    private static final int ID_OFFSET = 4 + 1 + ID.length + 1;

    private byte[] bytes;
    private int size;
    /** Where each record written starts; made with the first. */
    private int[] starts;

    private int records;

    BsonWriter(int capacity) {
        bytes = new byte[capacity];
    }

    /**
     * A writer for the records of a message of {@code jsonLength} bytes of JSON. BSON takes a little more than
     * the JSON it came from (about 8 % for typical records, with the _id added): room for that up front saves
     * growing, and so copying, the array.
     */
    static BsonWriter forJson(int jsonLength) {
        return new BsonWriter(jsonLength + jsonLength / 4 + 256);
    }

    int size() {
        return size;
    }

    /** The array written so far; valid until the next write. */
    byte[] array() {
        return bytes;
    }

    /**
     * Starts a record, with its {@code _id} element first; returns its start, for {@link #endRecord}. Its
     * other elements follow, written as for any document.
     */
    int startRecord() {
        if (starts == null) {
            starts = new int[16];
        } else if (records == starts.length) {
            starts = Arrays.copyOf(starts, 2 * records);
        }
        starts[records++] = size;
        int start = start();
        put(OBJECT_ID);
        bytes(ID, 0, ID.length);
        put((byte) 0);
        ensure(12);
        size += 12; // the ObjectId, filled in by endRecord()
        return start;
    }

    /** Ends the record started at {@code start}, with {@code id} as its {@code _id}. */
    void endRecord(int start, ObjectId id) {
        end(start);
        id.putToByteBuffer(ByteBuffer.wrap(bytes, start + ID_OFFSET, 12));
    }

    /** How many records were started. */
    int records() {
        return records;
    }

    /** The records written, in order, as views of the array. */
    List<RawBsonDocument> documents() {
        var documents = new ArrayList<RawBsonDocument>(records);
        for (int i = 0; i < records; i++) {
            int end = i + 1 < records ? starts[i + 1] : size;
            documents.add(new RawBsonDocument(bytes, starts[i], end - starts[i]));
        }
        return documents;
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
     * Starts an element; returns its place, where {@link #type} sets its type once its value is read. Its name
     * follows, as UTF-8 bytes and then {@link #endName}.
     */
    int element() {
        int at = size;
        put((byte) 0);
        return at;
    }

    /** Starts an array element, named by its index in decimal; returns its place, as {@link #element()} does. */
    int element(int index) {
        ensure(12);
        int at = size;
        bytes[size++] = 0;
        if (index < 10) {
            bytes[size++] = (byte) ('0' + index);
        } else {
            byte[] digits = Integer.toString(index).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(digits, 0, bytes, size, digits.length);
            size += digits.length;
        }
        bytes[size++] = 0;
        return at;
    }

    /** Ends the name of an element {@link #element()} started. */
    void endName() {
        put((byte) 0);
    }

    /** Sets the type of the element at {@code element}. */
    void type(int element, byte type) {
        bytes[element] = type;
    }

    /** Starts a string value: its length, set by {@link #endString} once its UTF-8 bytes are written. */
    int startString() {
        int at = size;
        int32(0);
        return at;
    }

    void endString(int start) {
        put((byte) 0);
        INTS.set(bytes, start, size - start - 4);
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
            b[size++] = (byte) (0xC0 | (code >> 6));
            b[size++] = (byte) (0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            b[size++] = (byte) (0xE0 | (code >> 12));
            b[size++] = (byte) (0x80 | ((code >> 6) & 0x3F));
            b[size++] = (byte) (0x80 | (code & 0x3F));
        } else {
            b[size++] = (byte) (0xF0 | (code >> 18));
            b[size++] = (byte) (0x80 | ((code >> 12) & 0x3F));
            b[size++] = (byte) (0x80 | ((code >> 6) & 0x3F));
            b[size++] = (byte) (0x80 | (code & 0x3F));
        }
    }

    /** Whether the {@code length} bytes at {@code at} are {@code expected}. */
    boolean matches(int at, int length, byte[] expected) {
        return Arrays.equals(bytes, at, at + length, expected, 0, expected.length);
    }

    /** Drops what was written from {@code size} on. */
    void truncate(int size) {
        this.size = size;
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

    void objectId(ObjectId id) {
        ensure(12);
        id.putToByteBuffer(ByteBuffer.wrap(bytes, size, 12));
        size += 12;
    }

    /**
     * A binary value of {@code subtype}. Subtype 2, the old binary, holds its length once more before its bytes,
     * as the BSON specification lays it out.
     */
    void binary(byte subtype, byte[] data) {
        boolean old = subtype == 2;
        int32(data.length + (old ? 4 : 0));
        put(subtype);
        if (old) {
            int32(data.length);
        }
        bytes(data, 0, data.length);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, 2 * bytes.length));
        }
    }
}
