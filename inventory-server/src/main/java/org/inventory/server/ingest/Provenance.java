package org.inventory.server.ingest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;
import org.inventory.core.ErrorCode;
import org.inventory.core.Rejection;

/**
 * {@code INVENTORY_SOURCE_FIELD}: stamps each record of a message with who sent it and when the server received it,
 * {@code {"credential":NAME,"received":<date>}}, under that top-level field. A record that carries the field itself
 * is refused: provenance must come from the server, never from the sender. The stamp is appended to each record's
 * BSON as it is, without reading the record again.
 */
final class Provenance {
    private final String field;
    private final Clock clock;

    Provenance(String field, Clock clock) {
        this.field = field;
        this.clock = clock;
    }

    /** The records with their stamp, or the refusal of the first that carries the field already. */
    Stamped stamp(List<RawBsonDocument> records, Optional<String> credential) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).containsKey(field)) {
                return new Stamped(
                        List.of(),
                        new Rejection(
                                ErrorCode.INVALID_RECORD,
                                "the field '" + field
                                        + "' is the server's (INVENTORY_SOURCE_FIELD): a record must not carry it",
                                i,
                                field));
            }
        }
        byte[] element = element(new BsonDocument(
                        "credential",
                        credential.<org.bson.BsonValue>map(BsonString::new).orElse(BsonNull.VALUE))
                .append("received", new BsonDateTime(clock.millis())));
        var stamped = new ArrayList<RawBsonDocument>(records.size());
        for (RawBsonDocument record : records) {
            stamped.add(append(record, element));
        }
        return new Stamped(stamped, null);
    }

    /** Records to store, or why not. */
    record Stamped(List<RawBsonDocument> records, Rejection rejection) {}

    /** The BSON element {@code field: stamp}: type, name, value. */
    private byte[] element(BsonDocument stamp) {
        var buffer = new BasicOutputBuffer();
        try (var writer = new BsonBinaryWriter(buffer)) {
            writer.writeStartDocument();
            writer.writeName(field);
            new org.bson.codecs.BsonDocumentCodec()
                    .encode(
                            writer,
                            stamp,
                            org.bson.codecs.EncoderContext.builder().build());
            writer.writeEndDocument();
        }
        byte[] whole = buffer.toByteArray();
        // The one-element document less its length prefix and its closing 0.
        byte[] element = new byte[whole.length - 5];
        System.arraycopy(whole, 4, element, 0, element.length);
        return element;
    }

    /** The record's bytes with the element inserted before its closing 0, and its length updated. */
    private static RawBsonDocument append(RawBsonDocument record, byte[] element) {
        ByteBuffer source = record.getByteBuffer().asNIO();
        int length = source.remaining();
        byte[] bytes = new byte[length + element.length];
        source.get(bytes, 0, length - 1);
        System.arraycopy(element, 0, bytes, length - 1, element.length);
        bytes[bytes.length - 1] = 0;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, bytes.length);
        return new RawBsonDocument(bytes);
    }
}
