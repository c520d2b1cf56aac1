package org.inventory.server.live;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.inventory.core.RecordJson;
import org.inventory.core.query.FieldsSpec;

/**
 * A record acknowledged by this instance, numbered in the order of acknowledgement. Every subscriber reads the same
 * one: its decoded form (for filters) and its whole event (id and JSON) are made once, by the first subscriber that
 * needs them; each other subscriber only copies the event's bytes.
 */
final class LoggedRecord implements LiveEvent {
    private static final BsonDocumentCodec DOCUMENTS = new BsonDocumentCodec();

    private final String instance;
    private final long sequence;
    private final RawBsonDocument record;
    // Benign races: two subscribers may both compute one of these; both results are equal.
    private BsonDocument decoded;
    private byte[] event;

    LoggedRecord(String instance, long sequence, RawBsonDocument record) {
        this.instance = instance;
        this.sequence = sequence;
        this.record = record;
    }

    long sequence() {
        return sequence;
    }

    @Override
    public String id() {
        return EventIds.inProcess(instance, sequence);
    }

    /** The record as a plain document: reading fields from the raw bytes would scan them again for each. */
    BsonDocument decoded() {
        BsonDocument value = decoded;
        if (value == null) {
            value = record.decode(DOCUMENTS);
            decoded = value;
        }
        return value;
    }

    @Override
    public byte[] json(FieldsSpec fields) {
        return json(fields.whole() ? record : new RawBsonDocument(fields.trim(decoded()), DOCUMENTS));
    }

    @Override
    public byte[] event(FieldsSpec fields) {
        if (!fields.whole()) {
            return LiveEvent.super.event(fields);
        }
        byte[] value = event;
        if (value == null) {
            value = EventStreamWriter.recordEvent(id(), json(record));
            event = value;
        }
        return value;
    }

    static byte[] json(RawBsonDocument record) {
        var bytes = new ByteArrayOutputStream(record.getByteBuffer().remaining() + 64);
        try (JsonGenerator out = RecordJson.FACTORY.createGenerator(bytes)) {
            RecordJson.write(record, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
