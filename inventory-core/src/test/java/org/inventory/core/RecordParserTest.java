package org.inventory.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class RecordParserTest {
    private static final String ID = "5f1d7f1e2b3c4d5e6f708192";
    private final RecordParser parser = new RecordParser(3);

    private Rejection rejection(String message) {
        return assertThrows(RejectedException.class, () -> parser.parse(message)).rejection();
    }

    @Test
    void a_single_object_is_one_record_with_a_new_object_id_first() throws Exception {
        List<RawBsonDocument> records = parser.parse("{\"sku\":\"A-1\",\"qty\":3}");
        assertEquals(1, records.size());
        BsonDocument record = records.getFirst();
        assertEquals(List.of("_id", "sku", "qty"), List.copyOf(record.keySet()));
        assertEquals(BsonObjectId.class, record.get("_id").getClass());
    }

    @Test
    void a_client_id_as_hex_or_oid_becomes_that_object_id_and_moves_first() throws Exception {
        List<RawBsonDocument> records = parser.parse(
                "[{\"a\":1,\"_id\":\"" + ID + "\"},{\"_id\":{\"$oid\":\"" + ID.toUpperCase() + "\"}}]");
        for (BsonDocument record : records) {
            assertEquals("_id", record.getFirstKey());
            assertEquals(new ObjectId(ID), record.getObjectId("_id").getValue());
        }
    }

    @Test
    void integers_keep_their_exact_value_and_larger_ones_become_exact_decimals() throws Exception {
        BsonDocument record = parser.parse(
                "{\"i\":2147483647,\"l\":9223372036854775807,\"big\":123456789012345678901234567890}").getFirst();
        assertEquals(new BsonInt32(Integer.MAX_VALUE), record.get("i"));
        assertEquals(new BsonInt64(Long.MAX_VALUE), record.get("l"));
        assertEquals(new BsonDecimal128(Decimal128.parse("123456789012345678901234567890")), record.get("big"));
    }

    @Test
    void numbers_with_a_fraction_or_exponent_become_the_doubles_the_jdk_reads() throws Exception {
        var random = new java.util.SplittableRandom(7);
        var texts = new java.util.ArrayList<>(List.of("0.1", "-0.0", "1e308", "4.9e-324", "2.2250738585072011e-308",
                "9007199254740993.0", "0.1000000000000000055511151231257827", "1.00000000000000011102230246251565404236316680908203125"));
        while (texts.size() < 50_000) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(value)) {
                // Shortest form, all the digits of its exact value, and a rounded one: each must round the same.
                texts.add(Double.toString(value));
                String exact = new java.math.BigDecimal(value).toString();
                if (exact.contains(".") || exact.contains("E")) {
                    texts.add(exact); // (an integral value in this form would be an exact integer, not a double)
                }
                texts.add(String.format(java.util.Locale.ROOT, "%.20e", value));
            }
        }
        for (String text : texts) {
            BsonDocument record = parser.parse("{\"x\":" + text + "}").getFirst();
            assertEquals(Double.parseDouble(text), record.getDouble("x").getValue(), text);
        }
    }

    @Test
    void an_integer_too_long_to_store_exactly_is_an_invalid_record_naming_its_path() {
        Rejection rejection = rejection("{\"n\":{\"v\":" + "9".repeat(40) + "}}");
        assertEquals(new Rejection(ErrorCode.INVALID_RECORD, rejection.message(), 0, "n.v"), rejection);
    }

    @Test
    void malformed_or_truncated_json_is_invalid_json() {
        for (String text : List.of("", "   ", "{", "{\"a\":}", "[{\"a\":1}", "{\"a\":1} x", "nope", "{'a':1}", "{\"a\":NaN}")) {
            assertEquals(ErrorCode.INVALID_JSON, rejection(text).code(), text);
        }
    }

    @Test
    void a_scalar_an_empty_batch_or_a_non_object_element_is_an_invalid_record() {
        assertEquals(ErrorCode.INVALID_RECORD, rejection("42").code());
        assertEquals(ErrorCode.INVALID_RECORD, rejection("[]").code());
        assertEquals(new Rejection(ErrorCode.INVALID_RECORD, "a record must be a JSON object", 1, ""),
                rejection("[{\"a\":1},[1]]"));
    }

    @Test
    void a_batch_over_the_limit_is_batch_too_large() {
        assertEquals(ErrorCode.BATCH_TOO_LARGE, rejection("[{},{},{},{}]").code());
    }

    @Test
    void dollar_and_nul_field_names_are_invalid_records_with_index_and_path() {
        Rejection dollar = rejection("[{\"a\":1},{\"x\":{\"$gt\":1}}]");
        assertEquals(new Rejection(ErrorCode.INVALID_RECORD, dollar.message(), 1, "x.$gt"), dollar);
        Rejection nul = rejection("{\"list\":[{\"a\\u0000b\":1}]}");
        assertEquals(new Rejection(ErrorCode.INVALID_RECORD, nul.message(), 0, "list[0].a\u0000b"), nul);
    }

    @Test
    void a_wrong_id_is_an_invalid_record_at_path_id() {
        for (String id : List.of("1", "\"xyz\"", "\"" + ID + "0\"", "{\"$oid\":\"" + ID + "\",\"x\":1}", "null", "[1]")) {
            Rejection rejection = rejection("{\"_id\":" + id + "}");
            assertEquals(new Rejection(ErrorCode.INVALID_RECORD, rejection.message(), 0, "_id"), rejection, id);
        }
    }

    @Test
    void nesting_of_thirty_two_levels_is_accepted_and_thirty_three_is_not() throws Exception {
        // The record is depth 1, so 31 nested objects make 32 levels.
        parser.parse("{" + "\"a\":{".repeat(31) + "}".repeat(31) + "}");
        Rejection rejection = rejection("{\"a\":" + "[".repeat(32) + "]".repeat(32) + "}");
        assertEquals(ErrorCode.INVALID_RECORD, rejection.code());
    }

    @Test
    void extreme_nesting_is_refused_without_reading_it_all() {
        Rejection rejection = rejection("[" + "{\"a\":".repeat(100_000));
        assertEquals(ErrorCode.INVALID_RECORD, rejection.code());
    }

    @Test
    void a_repeated_field_name_is_an_invalid_record() {
        assertEquals(new Rejection(ErrorCode.INVALID_RECORD, "duplicate field name", 0, "a"), rejection("{\"a\":1,\"a\":2}"));
    }

    @Test
    void an_unpaired_surrogate_is_refused_because_it_cannot_be_stored_exactly() {
        assertEquals(ErrorCode.INVALID_RECORD, rejection("{\"a\":\"\\ud800\"}").code());
    }

    @Test
    void every_value_type_is_written_as_the_bson_the_driver_would_write() throws Exception {
        String fields = "\"s\":\"ascii, Größe, 東京, \\ud83d\\udce6 and a \\u0000 inside\",\"i\":-7,\"l\":4294967296,"
                + "\"d\":2.5e-3,\"t\":true,\"f\":false,\"n\":null,\"big\":-123456789012345678901234567890,"
                + "\"Grüße 東\":{\"deep\":[1,[2,{\"x\":\"y\"}]]},\"many\":[0,1,2,3,4,5,6,7,8,9,10,11,\"twelve\"],\"empty\":{}";
        RawBsonDocument record = parser.parse("{" + fields + ",\"_id\":\"" + ID + "\"}").getFirst();
        BsonDocument expected = BsonDocument.parse("{\"_id\":{\"$oid\":\"" + ID + "\"}," + fields.replace(
                "-123456789012345678901234567890", "{\"$numberDecimal\":\"-123456789012345678901234567890\"}")
                .replace("4294967296", "{\"$numberLong\":\"4294967296\"}") + "}");
        assertEquals(expected, record.decode(new BsonDocumentCodec()));
        // Byte for byte what the driver's own encoder makes of the same document.
        assertEquals(new RawBsonDocument(expected, new BsonDocumentCodec()), record);
        assertArrayEquals(bytes(new RawBsonDocument(expected, new BsonDocumentCodec())), bytes(record));
    }

    @Test
    void the_records_of_a_batch_are_separate_documents_with_their_own_ids() throws Exception {
        List<RawBsonDocument> records = parser.parse("[{\"n\":1},{\"_id\":\"" + ID + "\",\"n\":2},{\"n\":3}]");
        assertEquals(List.of(1, 2, 3), records.stream().map(r -> r.getInt32("n").getValue()).toList());
        assertEquals(new ObjectId(ID), records.get(1).getObjectId("_id").getValue());
        assertEquals(3, records.stream().map(r -> r.getObjectId("_id")).distinct().count());
    }

    @Test
    void utf8_bytes_parse_like_the_text_and_bad_bytes_are_invalid_json() throws Exception {
        String text = "{\"_id\":\"" + ID + "\",\"name\":\"Größe 東京\"}";
        byte[] bytes = ("xx" + text + "yy").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int length = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertEquals(parser.parse(text), parser.parse(bytes, 2, length));
        for (byte[] bad : List.of(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', 0, '}'}, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'})) {
            assertEquals(ErrorCode.INVALID_JSON, assertThrows(RejectedException.class,
                    () -> parser.parse(bad, 0, bad.length)).rejection().code());
        }
    }

    private static byte[] bytes(RawBsonDocument document) {
        var buffer = document.getByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
