package org.inventory.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import org.bson.BsonBinary;
import org.bson.BsonBinaryReader;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.DecoderContext;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Decimal128;

/**
 * Writes stored records as JSON, straight from their BSON bytes: as the plain JSON they were sent as where plain
 * JSON holds the value, and as relaxed MongoDB Extended JSON v2 where it does not, so that the ingest parser
 * reads every record written here back as the same BSON, types included.
 *
 * <ul>
 * <li>the record's own {@code _id} as a 24-hex string; any other ObjectId as {@code {"$oid": "..."}};
 * <li>strings, booleans, null, int32 and finite doubles as JSON (a double always with a fraction or an exponent,
 *     {@code 5.0}, so that it reads back as a double);
 * <li>int64 as a number, but as {@code {"$numberLong": "..."}} when its value fits an int32: relaxed Extended
 *     JSON would write a plain number there, which every reader (ours and MongoDB's) takes for an int32;
 * <li>NaN and the infinities as {@code {"$numberDouble": "NaN"}} and the like;
 * <li>Decimal128 as {@code {"$numberDecimal": "..."}}, but for the exact integers beyond int64 that the parser
 *     stores as Decimal128, which are written as the numbers they were sent as;
 * <li>dates as {@code {"$date": "2024-05-01T12:00:00Z"}} (milliseconds when there are any) for years 1970 to
 *     9999, else {@code {"$date": {"$numberLong": "<milliseconds>"}}};
 * <li>binaries as {@code {"$binary": {"base64": "...", "subType": "hh"}}};
 * <li>types the parser never stores (timestamps, regular expressions, ... written by other tools) as the
 *     driver's relaxed Extended JSON.
 * </ul>
 */
public final class RecordJson {
    public static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonWriterSettings RELAXED =
            JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    private static final BsonValueCodec VALUES = new BsonValueCodec();
    private static final String ID = "_id";
    /** The dates relaxed Extended JSON writes as ISO-8601 text: years 1970 to 9999. */
    private static final long FIRST_ISO_DATE = 0;

    private static final long LAST_ISO_DATE =
            Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private RecordJson() {}

    /** Writes one record as a JSON object. */
    public static void write(RawBsonDocument record, JsonGenerator out) throws IOException {
        try (BsonReader reader = new BsonBinaryReader(record.getByteBuffer().asNIO())) {
            writeDocument(reader, out, true);
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

    /** A date as ISO-8601 text in UTC, with milliseconds when it has any: {@code 2024-05-01T12:00:00Z}. */
    public static String isoDate(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static void writeDocument(BsonReader reader, JsonGenerator out, boolean record) throws IOException {
        reader.readStartDocument();
        out.writeStartObject();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String name = reader.readName();
            out.writeFieldName(name);
            if (record && reader.getCurrentBsonType() == BsonType.OBJECT_ID && name.equals(ID)) {
                out.writeString(reader.readObjectId().toHexString());
            } else {
                writeValue(reader, out);
            }
        }
        reader.readEndDocument();
        out.writeEndObject();
    }

    /**
     * Writes the value the reader is at (its type read, its name too inside a document) as JSON, as a value
     * nested in a record: an ObjectId as {@code {"$oid": ...}}.
     */
    public static void writeValue(BsonReader reader, JsonGenerator out) throws IOException {
        switch (reader.getCurrentBsonType()) {
            case DOCUMENT -> writeDocument(reader, out, false);
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
            case INT64 -> {
                long value = reader.readInt64();
                if (value == (int) value) {
                    wrapped(out, "$numberLong", Long.toString(value));
                } else {
                    out.writeNumber(value);
                }
            }
            case DOUBLE -> {
                double value = reader.readDouble();
                if (Double.isFinite(value)) {
                    out.writeNumber(value); // Double.toString: always a fraction or an exponent
                } else {
                    wrapped(out, "$numberDouble", Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
                }
            }
            case DECIMAL128 -> {
                Decimal128 value = reader.readDecimal128();
                BigDecimal integer = bigInteger(value);
                if (integer != null) {
                    out.writeNumber(integer);
                } else {
                    wrapped(out, "$numberDecimal", value.toString());
                }
            }
            case BOOLEAN -> out.writeBoolean(reader.readBoolean());
            case NULL -> {
                reader.readNull();
                out.writeNull();
            }
            case OBJECT_ID -> wrapped(out, "$oid", reader.readObjectId().toHexString());
            case DATE_TIME -> {
                long millis = reader.readDateTime();
                if (millis >= FIRST_ISO_DATE && millis <= LAST_ISO_DATE) {
                    wrapped(out, "$date", isoDate(millis));
                } else {
                    out.writeStartObject();
                    out.writeFieldName("$date");
                    wrapped(out, "$numberLong", Long.toString(millis));
                    out.writeEndObject();
                }
            }
            case BINARY -> {
                BsonBinary value = reader.readBinaryData();
                out.writeStartObject();
                out.writeFieldName("$binary");
                out.writeStartObject();
                out.writeStringField("base64", Base64.getEncoder().encodeToString(value.getData()));
                out.writeStringField("subType", String.format("%02x", value.getType() & 0xFF));
                out.writeEndObject();
                out.writeEndObject();
            }
            default -> {
                // Not a type the parser stores: as the driver writes it in relaxed Extended JSON.
                BsonValue value = VALUES.decode(reader, DecoderContext.builder().build());
                String holder = new org.bson.BsonDocument("v", value).toJson(RELAXED);
                out.writeRawValue(holder.substring(holder.indexOf(':') + 1, holder.lastIndexOf('}'))
                        .strip());
            }
        }
    }

    /**
     * The value of a Decimal128 when it is an integer the parser stores as one, read from a plain number: no
     * fraction, no exponent, beyond int64. Null for any other Decimal128 ({@code 5}, {@code 1.50}, {@code -0},
     * NaN ...), which a plain number would not give back.
     */
    private static BigDecimal bigInteger(Decimal128 value) {
        if (value.isNaN() || value.isInfinite()) {
            return null;
        }
        BigDecimal decimal;
        try {
            decimal = value.bigDecimalValue();
        } catch (ArithmeticException e) {
            return null; // negative zero
        }
        boolean beyondLong = decimal.compareTo(LONG_MIN) < 0 || decimal.compareTo(LONG_MAX) > 0;
        return decimal.scale() == 0 && beyondLong ? decimal : null;
    }

    private static void wrapped(JsonGenerator out, String name, String text) throws IOException {
        out.writeStartObject();
        out.writeStringField(name, text);
        out.writeEndObject();
    }
}
