package org.inventory.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.inventory.testkit.Tier;
import org.inventory.testkit.TypedRecords;

/**
 * What the item writer of /display, /export and /live writes, the ingest parser reads back as the same BSON
 * document, types included: the promise that lets an export be imported again.
 */
@AddLifecycleHook(Tier.Tries.class) // 2,000 tries under -Pfull, 400 by default
class RecordJsonRoundTripPropertyTest {
    private final RecordParser parser = new RecordParser(1000);

    @Property(tries = 2000)
    void a_written_record_reads_back_as_the_same_document(@ForAll long seed) throws Exception {
        BsonDocument record = TypedRecords.record(new Random(seed));
        String json = json(record);
        List<RawBsonDocument> read = parser.parse(json);
        assertEquals(record, read.getFirst(), json);
    }

    @Example
    void a_batch_of_written_records_reads_back_record_by_record() throws Exception {
        var random = new Random(28);
        List<BsonDocument> records = java.util.stream.Stream.generate(() -> TypedRecords.record(random))
                .limit(500)
                .toList();
        var batch = new StringBuilder("[");
        for (BsonDocument record : records) {
            batch.append(batch.length() > 1 ? "," : "").append(json(record));
        }
        assertEquals(records, List.copyOf(parser.parse(batch.append(']').toString())));
    }

    @Example
    void types_plain_json_cannot_hold_are_written_as_relaxed_extended_json() throws Exception {
        var id = new ObjectId("65f1d7f1e2b3c4d5e6f70819");
        var record = new BsonDocument("_id", new BsonObjectId(id))
                .append("ref", new BsonObjectId(id))
                .append("at", new BsonDateTime(1714564800000L))
                .append("ms", new BsonDateTime(1714564800120L))
                .append("old", new BsonDateTime(-1))
                .append("small_long", new BsonInt64(5))
                .append("long", new BsonInt64(5_000_000_000L))
                .append("whole", new BsonDouble(5))
                .append("nan", new BsonDouble(Double.NaN))
                .append("ninf", new BsonDouble(Double.NEGATIVE_INFINITY))
                .append("dec", new BsonDecimal128(Decimal128.parse("12.50")))
                .append("big", new BsonDecimal128(Decimal128.parse("123456789012345678901234567890")))
                .append("bin", new BsonBinary((byte) 0x80, new byte[] {1, 2, 3}));
        assertEquals(
                "{\"_id\":\"65f1d7f1e2b3c4d5e6f70819\",\"ref\":{\"$oid\":\"65f1d7f1e2b3c4d5e6f70819\"},"
                        + "\"at\":{\"$date\":\"2024-05-01T12:00:00Z\"},\"ms\":{\"$date\":\"2024-05-01T12:00:00.120Z\"},"
                        + "\"old\":{\"$date\":{\"$numberLong\":\"-1\"}},\"small_long\":{\"$numberLong\":\"5\"},\"long\":5000000000,"
                        + "\"whole\":5.0,\"nan\":{\"$numberDouble\":\"NaN\"},\"ninf\":{\"$numberDouble\":\"-Infinity\"},"
                        + "\"dec\":{\"$numberDecimal\":\"12.50\"},\"big\":123456789012345678901234567890,"
                        + "\"bin\":{\"$binary\":{\"base64\":\"AQID\",\"subType\":\"80\"}}}",
                json(record));
    }

    private static String json(BsonDocument record) throws IOException {
        var raw = new RawBsonDocument(record, new BsonDocumentCodec());
        var text = new StringWriter();
        try (JsonGenerator out = RecordJson.FACTORY.createGenerator(text)) {
            RecordJson.write(raw, out);
        }
        return text.toString();
    }
}
