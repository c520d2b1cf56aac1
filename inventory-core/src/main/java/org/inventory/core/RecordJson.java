package org.inventory.core;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.bson.BsonBinaryReader;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.DecoderContext;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Writes stored records as the plain JSON they were sent as, straight from their BSON bytes: ObjectIds as
 * 24-hex strings, integers and doubles as numbers, big integers (Decimal128) as exact numbers. Types our
 * parser never stores (dates, binaries, ... written by other tools) come out as their plain text form.
 */
public final class RecordJson {
    public static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    private static final BsonValueCodec VALUES = new BsonValueCodec();

    private RecordJson() {
    }

    /** Writes one record as a JSON object. */
    public static void write(RawBsonDocument record, JsonGenerator out) throws IOException {
        try (BsonReader reader = new BsonBinaryReader(record.getByteBuffer().asNIO())) {
            writeDocument(reader, out);
        }
    }

    /** One BSON value (e.g. a nested field of a record) as compact JSON text. */
    public static String compact(BsonValue value) {
        var text = new StringWriter();
        try (JsonGenerator out = FACTORY.createGenerator(text)) {
            var holder = new org.bson.BsonDocument("v", value);
            try (BsonReader reader = holder.asBsonReader()) {
                reader.readStartDocument();
                reader.readBsonType();
                reader.skipName();
                writeValue(reader, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void writeDocument(BsonReader reader, JsonGenerator out) throws IOException {
        reader.readStartDocument();
        out.writeStartObject();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            out.writeFieldName(reader.readName());
            writeValue(reader, out);
        }
        reader.readEndDocument();
        out.writeEndObject();
    }

    /** Writes the value the reader is at (its type read, its name too inside a document) as JSON. */
    public static void writeValue(BsonReader reader, JsonGenerator out) throws IOException {
        switch (reader.getCurrentBsonType()) {
            case DOCUMENT -> writeDocument(reader, out);
            case ARRAY -> {
                reader.readStartArray();
                out.writeStartArray();
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    writeValue(reader, out);
                }
                reader.readEndArray();
                out.writeEndArray();
            }
            case STRING -> out.writeString(reader.readString());
            case INT32 -> out.writeNumber(reader.readInt32());
            case INT64 -> out.writeNumber(reader.readInt64());
            case DOUBLE -> out.writeNumber(reader.readDouble());
            case DECIMAL128 -> out.writeNumber(reader.readDecimal128().bigDecimalValue());
            case BOOLEAN -> out.writeBoolean(reader.readBoolean());
            case NULL -> {
                reader.readNull();
                out.writeNull();
            }
            case OBJECT_ID -> out.writeString(reader.readObjectId().toHexString());
            case DATE_TIME -> out.writeString(Instant.ofEpochMilli(reader.readDateTime()).toString());
            default -> {
                // Not a type our parser stores: show it in MongoDB's relaxed extended JSON, as a string.
                BsonValue value = VALUES.decode(reader, DecoderContext.builder().build());
                out.writeString(new org.bson.BsonDocument("v", value).toJson(RELAXED));
            }
        }
    }
}
