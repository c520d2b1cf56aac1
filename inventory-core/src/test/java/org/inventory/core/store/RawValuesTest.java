package org.inventory.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** A value read from a record's bytes is the one the driver reads, for every type, path and miss. */
class RawValuesTest {
    private static final List<BsonValue> VALUES = List.of(
            new BsonInt32(-7),
            new BsonInt64(1L << 40),
            new BsonDouble(2.5),
            new BsonDouble(-0.0),
            new BsonDouble(Double.NaN),
            new BsonDouble(Double.NEGATIVE_INFINITY),
            new BsonString(""),
            new BsonString("x"),
            new BsonString("é"),
            new BsonString("Grüße, 東京 😀"),
            new BsonObjectId(new ObjectId("0123456789abcdef01234567")),
            BsonBoolean.TRUE,
            BsonBoolean.FALSE,
            new BsonDateTime(1_764_000_000_000L),
            new BsonDateTime(-1),
            BsonNull.VALUE,
            new BsonDecimal128(Decimal128.parse("-12345.6789E-10")),
            new BsonDecimal128(Decimal128.NaN),
            new BsonBinary(new byte[] {1, 2, 3}),
            new BsonTimestamp(5, 6),
            new BsonArray(List.of(new BsonInt32(1), new BsonString("a"))),
            new BsonDocument("code", new BsonString("W1")));

    /** A record with every value under {@code v}, after fields of each type, and nested under {@code w.x}. */
    private static RawBsonDocument record(BsonValue value) {
        var document = new BsonDocument("_id", new BsonObjectId(new ObjectId()));
        document.put("before_regex", new BsonRegularExpression("a.*", "i"));
        for (int i = 0; i < VALUES.size(); i++) {
            document.put("f" + i, VALUES.get(i));
        }
        document.put("v", value);
        document.put("w", new BsonDocument("n", new BsonInt32(1)).append("x", value));
        document.put("dup", new BsonInt32(1));
        document.put("dup", new BsonInt32(2));
        return new RawBsonDocument(document, new BsonDocumentCodec());
    }

    @Test
    void every_type_at_every_depth_reads_as_the_driver_reads_it() {
        for (BsonValue value : VALUES) {
            RawBsonDocument raw = record(value);
            BsonDocument decoded = raw.decode(new BsonDocumentCodec());
            assertNotSame(RawBsonDocument.class, decoded.getClass());
            for (String path : List.of(
                    "v",
                    "w.x",
                    "w.n",
                    "w",
                    "f0",
                    "f9",
                    "missing",
                    "w.missing",
                    "v.deeper",
                    "f0.x",
                    "w.x.code",
                    "dup",
                    "_id",
                    "before_regex")) {
                assertEquals(
                        UpsertKey.valueAt(decoded, path),
                        UpsertKey.valueAt(raw, path),
                        () -> path + " of a record with " + value);
            }
        }
    }

    @Test
    void a_record_cut_from_a_larger_buffer_reads_from_its_own_bytes() {
        byte[] one = record(new BsonString("mine")).getByteBuffer().array();
        byte[] other = record(new BsonInt32(3)).getByteBuffer().array();
        // As the parser hands them out: records side by side in one buffer.
        byte[] buffer = new byte[7 + one.length + other.length];
        System.arraycopy(one, 0, buffer, 7, one.length);
        System.arraycopy(other, 0, buffer, 7 + one.length, other.length);
        assertEquals(
                new BsonInt32(3), UpsertKey.valueAt(new RawBsonDocument(buffer, 7 + one.length, other.length), "v"));
        RawBsonDocument cut = new RawBsonDocument(buffer, 7, one.length);
        assertEquals(new BsonString("mine"), UpsertKey.valueAt(cut, "v"));
        assertEquals(new BsonString("mine"), UpsertKey.valueAt(cut, "w.x"));
        assertEquals(new BsonInt32(2), UpsertKey.valueAt(cut, "dup"));
    }
}
