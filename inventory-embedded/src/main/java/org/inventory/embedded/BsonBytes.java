package org.inventory.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * A document as BSON bytes and back, with the store's own wire codec: the bytes decode to the very values the
 * store decoded from the wire, so a stored record reads back exactly as it was sent. One instance per writer
 * reuses its buffer; it is not thread-safe (decoding is, being static).
 */
final class BsonBytes {
    private final ByteBuf buffer = Unpooled.buffer(4096);

    byte[] encode(Document document) {
        buffer.clear();
        BsonEncoder.encodeDocument(document, buffer);
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.getBytes(buffer.readerIndex(), bytes);
        return bytes;
    }

    static Document decode(byte[] bson) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    /** The names of the top-level fields to decode, as their UTF-8 bytes, worked out once for many records. */
    static final class Selection {
        private final byte[][] names;
        private final String[] fields;

        private Selection(Set<String> fields) {
            this.fields = fields.toArray(String[]::new);
            this.names = new byte[this.fields.length][];
            for (int i = 0; i < this.fields.length; i++) {
                names[i] = this.fields[i].getBytes(StandardCharsets.UTF_8);
            }
        }

        /** The selection of these fields; null (every field) for null. */
        static Selection of(Set<String> fields) {
            return fields == null ? null : new Selection(fields);
        }
    }

    /**
     * The document with only the selected top-level fields, in their order, each value decoded as {@link #decode}
     * decodes it; the others are skipped by their length, unread. A null selection decodes the whole document.
     */
    static Document decode(byte[] bson, Selection selection) {
        if (selection == null) {
            return decode(bson);
        }
        byte[][] names = selection.names;
        boolean[] found = new boolean[names.length];
        var document = new Document();
        int remaining = names.length;
        int position = 4;
        ByteBuf buffer = null;
        while (remaining > 0 && position < bson.length) {
            byte type = bson[position++];
            if (type == 0) {
                break;
            }
            int nameStart = position;
            while (bson[position] != 0) {
                position++;
            }
            int nameEnd = position++;
            int wanted = -1;
            for (int i = 0; i < names.length && wanted < 0; i++) {
                if (!found[i] && Arrays.equals(bson, nameStart, nameEnd, names[i], 0, names[i].length)) {
                    wanted = i;
                }
            }
            if (wanted >= 0) {
                if (buffer == null) {
                    buffer = Unpooled.wrappedBuffer(bson);
                }
                buffer.readerIndex(position);
                document.put(selection.fields[wanted], BsonDecoder.decodeValue(type, buffer));
                position = buffer.readerIndex();
                found[wanted] = true;
                remaining--;
            } else {
                int length = length(type, bson, position);
                if (length < 0) {
                    return decode(bson);
                }
                position += length;
            }
        }
        return document;
    }

    /** The length of a value of the type at {@code position}, or -1 for a type this does not know. */
    private static int length(byte type, byte[] bson, int position) {
        return switch (type) {
            case 0x01, 0x09, 0x11, 0x12 -> 8; // double, UTC datetime, timestamp, int64
            case 0x02, 0x0D, 0x0E -> 4 + int32(bson, position); // string, JavaScript, symbol
            case 0x03, 0x04, 0x0F -> int32(bson, position); // document, array, JavaScript with scope
            case 0x05 -> 5 + int32(bson, position); // binary: length, subtype, bytes
            case 0x06, 0x0A, 0x7F, (byte) 0xFF -> 0; // undefined, null, max key, min key
            case 0x07 -> 12; // ObjectId
            case 0x08 -> 1; // boolean
            case 0x10 -> 4; // int32
            case 0x13 -> 16; // decimal128
            case 0x0C -> 4 + int32(bson, position) + 12; // DBPointer
            case 0x0B -> { // regular expression: two C strings
                int end = position;
                for (int strings = 0; strings < 2; strings++) {
                    while (bson[end] != 0) {
                        end++;
                    }
                    end++;
                }
                yield end - position;
            }
            default -> -1;
        };
    }

    private static int int32(byte[] bson, int position) {
        return (bson[position] & 0xff)
                | (bson[position + 1] & 0xff) << 8
                | (bson[position + 2] & 0xff) << 16
                | (bson[position + 3] & 0xff) << 24;
    }
}
