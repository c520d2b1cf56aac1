package org.inventory.core.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonMaxKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * A value at a dotted path of a record read straight from its BSON bytes: the names compared as bytes, the other
 * values skipped by their length, only the value found decoded. {@link RawBsonDocument#get} decodes every name it
 * passes into a string and looks its codec up for the value, which made upsert mode's reads of a record's key and
 * version (six per record) a fifth of a server's work.
 */
final class RawValues {
    /** What {@link #at} answers when it leaves the value to the driver: one it does not decode itself. */
    static final BsonValue NOT_READ = new BsonMaxKey();

    private RawValues() {}

    /**
     * The value at {@code path} (dotted, through documents only); null where the path ends early or meets another
     * value; {@link #NOT_READ} for a document, an array or a rarer type at its end, or bytes it does not expect.
     */
    static BsonValue at(RawBsonDocument record, String path) {
        ByteBuffer bytes = record.getByteBuffer().asNIO().order(ByteOrder.LITTLE_ENDIAN);
        if (!bytes.hasArray()) {
            return NOT_READ;
        }
        byte[] array = bytes.array();
        int base = bytes.arrayOffset();
        int start = base + bytes.position();
        int limit = base + bytes.limit();
        int partStart = 0;
        while (true) {
            int dot = path.indexOf('.', partStart);
            byte[] name = (dot < 0 ? path.substring(partStart) : path.substring(partStart, dot))
                    .getBytes(StandardCharsets.UTF_8);
            if (start + 5 > limit) {
                return NOT_READ;
            }
            int end = start + int32(array, start) - 1; // the document's closing 0
            if (end >= limit || end < start + 4) {
                return NOT_READ;
            }
            int position = start + 4;
            byte type = 0;
            boolean found = false;
            while (position < end) {
                type = array[position++];
                int nameStart = position;
                while (position < end && array[position] != 0) {
                    position++;
                }
                if (position >= end) {
                    return NOT_READ;
                }
                int nameEnd = position++;
                if (Arrays.equals(array, nameStart, nameEnd, name, 0, name.length)) {
                    found = true;
                    break;
                }
                int length = length(type, array, position, end);
                if (length < 0) {
                    return NOT_READ;
                }
                position += length;
            }
            if (!found) {
                return position == end ? null : NOT_READ;
            }
            if (dot < 0) {
                return value(type, array, position, end);
            }
            if (type != 0x03) {
                return null; // the path meets a value that is not a document
            }
            start = position;
            limit = end;
            partStart = dot + 1;
        }
    }

    /** The value of a common type at {@code position}, as the driver decodes it; {@link #NOT_READ} for others. */
    private static BsonValue value(byte type, byte[] array, int position, int end) {
        int length = length(type, array, position, end);
        if (length < 0) {
            return NOT_READ;
        }
        return switch (type) {
            case 0x01 -> new BsonDouble(Double.longBitsToDouble(int64(array, position)));
            case 0x02 -> {
                int size = int32(array, position);
                yield size < 1 || array[position + 4 + size - 1] != 0
                        ? NOT_READ
                        : new BsonString(new String(array, position + 4, size - 1, StandardCharsets.UTF_8));
            }
            case 0x07 -> new BsonObjectId(new ObjectId(Arrays.copyOfRange(array, position, position + 12)));
            case 0x08 -> array[position] == 0 ? BsonBoolean.FALSE : array[position] == 1 ? BsonBoolean.TRUE : NOT_READ;
            case 0x09 -> new BsonDateTime(int64(array, position));
            case 0x0A -> BsonNull.VALUE;
            case 0x10 -> new BsonInt32(int32(array, position));
            case 0x12 -> new BsonInt64(int64(array, position));
            case 0x13 ->
                new BsonDecimal128(
                        Decimal128.fromIEEE754BIDEncoding(int64(array, position + 8), int64(array, position)));
            default -> NOT_READ;
        };
    }

    /** The length of a value of the type at {@code position}, or -1 for a type this does not skip or a bad length. */
    private static int length(byte type, byte[] array, int position, int end) {
        int length = switch (type) {
            case 0x01, 0x09, 0x11, 0x12 -> 8; // double, UTC datetime, timestamp, int64
            case 0x02, 0x0D, 0x0E -> fits(position, 4, end) ? 4 + int32(array, position) : -1; // strings
            case 0x03, 0x04, 0x0F -> fits(position, 4, end) ? int32(array, position) : -1; // documents
            case 0x05 -> fits(position, 4, end) ? 5 + int32(array, position) : -1; // binary
            case 0x06, 0x0A, 0x7F, (byte) 0xFF -> 0; // undefined, null, max key, min key
            case 0x07 -> 12; // ObjectId
            case 0x08 -> 1; // boolean
            case 0x10 -> 4; // int32
            case 0x13 -> 16; // decimal128
            default -> -1; // regular expressions, DB pointers: the driver reads those
        };
        return length < 0 || !fits(position, length, end) ? -1 : length;
    }

    private static boolean fits(int position, int length, int end) {
        return length >= 0 && position + (long) length <= end;
    }

    private static int int32(byte[] array, int position) {
        return (array[position] & 0xff)
                | (array[position + 1] & 0xff) << 8
                | (array[position + 2] & 0xff) << 16
                | (array[position + 3] & 0xff) << 24;
    }

    private static long int64(byte[] array, int position) {
        return (int32(array, position) & 0xffffffffL) | ((long) int32(array, position + 4) << 32);
    }
}
