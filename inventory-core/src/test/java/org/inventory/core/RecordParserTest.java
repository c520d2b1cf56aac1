package org.inventory.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.inventory.testkit.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordParserTest {
    private static final String ID = "5f1d7f1e2b3c4d5e6f708192";
    private final RecordParser parser = new RecordParser(3);

    private Rejection rejection(String message) {
        return assertThrows(RejectedException.class, () -> parser.parse(message))
                .rejection();
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
                "[{\"a\":1,\"_id\":\"" + ID + "\"},{\"_id\":{\"$oid\":\"" + ID.toUpperCase(Locale.ROOT) + "\"}}]");
        for (BsonDocument record : records) {
            assertEquals("_id", record.getFirstKey());
            assertEquals(new ObjectId(ID), record.getObjectId("_id").getValue());
        }
    }

    @Test
    void integers_keep_their_exact_value_and_larger_ones_become_exact_decimals() throws Exception {
        BsonDocument record = parser.parse(
                        "{\"i\":2147483647,\"l\":9223372036854775807,\"big\":123456789012345678901234567890}")
                .getFirst();
        assertEquals(new BsonInt32(Integer.MAX_VALUE), record.get("i"));
        assertEquals(new BsonInt64(Long.MAX_VALUE), record.get("l"));
        assertEquals(new BsonDecimal128(Decimal128.parse("123456789012345678901234567890")), record.get("big"));
    }

    @Test
    void numbers_with_a_fraction_or_exponent_become_the_doubles_the_jdk_reads() throws Exception {
        var random = new java.util.SplittableRandom(7);
        var texts = new java.util.ArrayList<>(List.of(
                "0.1",
                "-0.0",
                "1e308",
                "4.9e-324",
                "2.2250738585072011e-308",
                "9007199254740993.0",
                "0.1000000000000000055511151231257827",
                "1.00000000000000011102230246251565404236316680908203125"));
        // 50,000 texts under -Pfull (CI); by default the first 10,000 of them.
        int count = Tier.count(50_000);
        while (texts.size() < count) {
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

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":}", "[{\"a\":1}", "{\"a\":1} x", "nope", "{'a':1}", "{\"a\":NaN}"})
    void malformed_or_truncated_json_is_invalid_json(String text) {
        assertEquals(ErrorCode.INVALID_JSON, rejection(text).code(), text);
    }

    @Test
    void a_scalar_an_empty_batch_or_a_non_object_element_is_an_invalid_record() {
        assertEquals(ErrorCode.INVALID_RECORD, rejection("42").code());
        assertEquals(ErrorCode.INVALID_RECORD, rejection("[]").code());
        assertEquals(
                new Rejection(ErrorCode.INVALID_RECORD, "a record must be a JSON object", 1, ""),
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

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"xyz\"", "\"" + ID + "0\"", "{\"$oid\":\"" + ID + "\",\"x\":1}", "null", "[1]"})
    void a_wrong_id_is_an_invalid_record_at_path_id(String id) {
        Rejection rejection = rejection("{\"_id\":" + id + "}");
        assertEquals(new Rejection(ErrorCode.INVALID_RECORD, rejection.message(), 0, "_id"), rejection, id);
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
        assertEquals(
                new Rejection(ErrorCode.INVALID_RECORD, "duplicate field name", 0, "a"),
                rejection("{\"a\":1,\"a\":2}"));
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
        RawBsonDocument record =
                parser.parse("{" + fields + ",\"_id\":\"" + ID + "\"}").getFirst();
        BsonDocument expected = BsonDocument.parse("{\"_id\":{\"$oid\":\"" + ID + "\"},"
                + fields.replace(
                                "-123456789012345678901234567890",
                                "{\"$numberDecimal\":\"-123456789012345678901234567890\"}")
                        .replace("4294967296", "{\"$numberLong\":\"4294967296\"}")
                + "}");
        assertEquals(expected, record.decode(new BsonDocumentCodec()));
        // Byte for byte what the driver's own encoder makes of the same document.
        assertEquals(new RawBsonDocument(expected, new BsonDocumentCodec()), record);
        assertArrayEquals(bytes(new RawBsonDocument(expected, new BsonDocumentCodec())), bytes(record));
    }

    @Test
    void the_records_of_a_batch_are_separate_documents_with_their_own_ids() throws Exception {
        List<RawBsonDocument> records = parser.parse("[{\"n\":1},{\"_id\":\"" + ID + "\",\"n\":2},{\"n\":3}]");
        assertEquals(
                List.of(1, 2, 3),
                records.stream().map(r -> r.getInt32("n").getValue()).toList());
        assertEquals(new ObjectId(ID), records.get(1).getObjectId("_id").getValue());
        assertEquals(
                3, records.stream().map(r -> r.getObjectId("_id")).distinct().count());
    }

    @Test
    void utf8_bytes_parse_like_the_text_and_bad_bytes_are_invalid_json() throws Exception {
        String text = "{\"_id\":\"" + ID + "\",\"name\":\"Größe 東京\"}";
        byte[] bytes = ("xx" + text + "yy").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int length = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertEquals(parser.parse(text), parser.parse(bytes, 2, length));
        for (byte[] bad : List.of(
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', 0, '}'},
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'})) {
            assertEquals(
                    ErrorCode.INVALID_JSON,
                    assertThrows(RejectedException.class, () -> parser.parse(bad, 0, bad.length))
                            .rejection()
                            .code());
        }
    }

    @Test
    void escapes_are_decoded_and_surrogate_pairs_joined() throws Exception {
        BsonDocument record = parser.parse(
                        "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t \\u00e9\\u00C9\\u6771 \\uD83D\\uDCE6\u007f\"}")
                .getFirst();
        assertEquals(
                "\"\\/\b\f\n\r\t \u00e9\u00c9\u6771 \ud83d\udce6\u007f",
                record.getString("s").getValue());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\":\"\\ud800\\u0041\"}",
                "{\"a\":\"\\udc00\"}",
                "{\"a\":\"x\\ud800\"}",
                "{\"\\ud800a\":1}",
                "{\"\\ud800_id\":1}",
                "{\"a\":[\"\\udbff\"]}"
            })
    void an_unpaired_surrogate_escape_is_refused_wherever_it_is(String text) {
        Rejection rejection = rejection(text);
        assertEquals(ErrorCode.INVALID_RECORD, rejection.code(), text);
        assertEquals(0, rejection.index(), text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\":\"\\x\"}",
                "{\"a\":\"\\u12G4\"}",
                "{\"a\":\"\\u12\"}",
                "{\"a\":\"\\",
                "{\"a\":\"tab\there\"}",
                "{\"a\":\"line\nbreak\"}",
                "{\"a\":tru}",
                "{\"a\":True}",
                "{\"a\":nul}",
                "{\"a\":1,}",
                "[{},]",
                "{\"a\" 1}",
                "{\"a\":1 \"b\":2}",
                "{a:1}",
                "[{}}",
                "{\"a\":[1}"
            })
    void bad_escapes_raw_control_characters_and_bad_literals_are_invalid_json(String text) {
        assertEquals(ErrorCode.INVALID_JSON, rejection(text).code(), text);
    }

    @Test
    void numbers_follow_the_json_grammar_and_take_the_narrowest_exact_type() throws Exception {
        BsonDocument record = parser.parse("{\"a\":-0,\"b\":-2147483648,\"c\":2147483648,\"d\":-2147483649,"
                        + "\"e\":-9223372036854775808,\"f\":9223372036854775808,\"g\":1E+2,\"h\":-1e-2,\"i\":0.5,"
                        + "\"j\":" + "9".repeat(34) + ",\"k\":123456789012345678}")
                .getFirst();
        assertEquals(new BsonInt32(0), record.get("a"));
        assertEquals(new BsonInt32(Integer.MIN_VALUE), record.get("b"));
        assertEquals(new BsonInt64(2147483648L), record.get("c"));
        assertEquals(new BsonInt64(-2147483649L), record.get("d"));
        assertEquals(new BsonInt64(Long.MIN_VALUE), record.get("e"));
        assertEquals(new BsonDecimal128(Decimal128.parse("9223372036854775808")), record.get("f"));
        assertEquals(100.0, record.getDouble("g").getValue());
        assertEquals(-0.01, record.getDouble("h").getValue());
        assertEquals(0.5, record.getDouble("i").getValue());
        assertEquals(new BsonDecimal128(Decimal128.parse("9".repeat(34))), record.get("j"));
        assertEquals(new BsonInt64(123456789012345678L), record.get("k"));
        for (String number :
                List.of("01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "-.5", "1.e3", "Infinity", "NaN")) {
            assertEquals(
                    ErrorCode.INVALID_JSON, rejection("{\"n\":" + number + "}").code(), number);
        }
        assertEquals(ErrorCode.INVALID_RECORD, rejection("{\"n\":1e400}").code());
        assertEquals(
                ErrorCode.INVALID_RECORD,
                rejection("{\"n\":-" + "1".repeat(35) + "}").code());
        // Every double written out in full fits the length limit; one character more than the limit does not.
        String tiny = new java.math.BigDecimal(-Double.MIN_NORMAL + Math.ulp(Double.MIN_NORMAL)).toPlainString();
        assertEquals(
                -Double.MIN_NORMAL + Math.ulp(Double.MIN_NORMAL),
                parser.parse("{\"n\":" + tiny + "}").getFirst().getDouble("n").getValue());
        assertEquals(
                new Rejection(ErrorCode.INVALID_RECORD, "number is longer than 1100 characters", 0, "n"),
                rejection("{\"n\":0." + "3".repeat(1099) + "}"));
    }

    @Test
    void whitespace_may_surround_every_token() throws Exception {
        BsonDocument record = parser.parse(" \t\r\n[ { \"a\" : [ 1 , { } , [ ] , \"x\" ] , \"b\" :\ttrue } ] \n")
                .getFirst();
        assertEquals(
                BsonDocument.parse("{\"a\":[1,{},[],\"x\"],\"b\":true}"),
                new BsonDocument(record.entrySet().stream()
                        .filter(e -> !e.getKey().equals("_id"))
                        .map(e -> new org.bson.BsonElement(e.getKey(), e.getValue()))
                        .toList()));
    }

    @Test
    void an_escaped_id_is_the_id_and_an_id_below_the_record_is_an_ordinary_field() throws Exception {
        BsonDocument record =
                parser.parse("{\"\\u005fid\":\"" + ID + "\",\"x\":{\"_id\":5}}").getFirst();
        assertEquals(new ObjectId(ID), record.getObjectId("_id").getValue());
        assertEquals(5, record.getDocument("x").getInt32("_id").getValue());
        assertEquals(
                ErrorCode.INVALID_RECORD,
                rejection("{\"_id\":\"" + ID + "\",\"\\u005fid\":\"" + ID + "\"}")
                        .code());
    }

    @Test
    void names_repeated_in_any_spelling_or_in_a_large_object_are_refused() {
        assertEquals(
                new Rejection(ErrorCode.INVALID_RECORD, "duplicate field name", 0, "x.a"),
                rejection("{\"x\":{\"a\":1,\"\\u0061\":2}}"));
        var fields = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            fields.append("\"f").append(i).append("\":").append(i).append(',');
        }
        assertEquals(
                new Rejection(ErrorCode.INVALID_RECORD, "duplicate field name", 0, "f7"),
                rejection("{" + fields + "\"f7\":0}"));
    }

    @Test
    void a_deeply_nested_non_record_is_refused_without_overflowing_the_stack() {
        assertEquals(
                ErrorCode.INVALID_RECORD,
                rejection("[{}," + "[".repeat(100_000)).code());
        assertEquals(
                ErrorCode.INVALID_RECORD,
                rejection("{\"_id\":" + "[".repeat(100_000)).code());
        assertEquals(ErrorCode.INVALID_RECORD, rejection("\"a scalar\"").code());
        assertEquals(ErrorCode.INVALID_JSON, rejection("\"a scalar").code());
    }

    @Test
    void an_unpaired_surrogate_in_a_java_string_is_invalid_json_as_bad_utf8_is() {
        assertEquals(ErrorCode.INVALID_JSON, rejection("{\"a\":\"\ud800\"}").code());
    }

    private static byte[] bytes(RawBsonDocument document) {
        var buffer = document.getByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void extended_json_values_are_stored_as_their_bson_types_anywhere_in_a_record() throws Exception {
        String oid = "65f1d7f1e2b3c4d5e6f70819";
        BsonDocument record = parser.parse("""
                {"d":{"$date":"2024-05-01T12:00:00Z"},"d2":{"$date":"2024-05-01T14:00:00.123+02:00"},
                 "old":{"$date":{"$numberLong":"-86400000"}},"far":{ "$date" : { "$numberLong" : "253402300800000" } },
                 "i":{"$numberInt":"-7"},"l":{"$numberLong":"5"},"x":{"$numberDouble":"1.5e3"},
                 "inf":{"$numberDouble":"Infinity"},"ninf":{"$numberDouble":"-Infinity"},"nan":{"$numberDouble":"NaN"},
                 "dec":{"$numberDecimal":"12.50"},"ref":{"$oid":"%s"},
                 "bin":{"$binary":{"base64":"AQID","subType":"80"}},"old_bin":{"$binary":{"subType":"2","base64":"AQID"}},
                 "u":{"$uuid":"00112233-4455-6677-8899-aabbccddeeff"},
                 "nested":{"at":[{"$date":"1969-12-31T23:59:59.999Z"},{"$oid":"%s"}]}}
                """.formatted(oid, oid)).getFirst();
        assertEquals(new BsonDateTime(1714564800000L), record.get("d"));
        assertEquals(new BsonDateTime(1714564800123L), record.get("d2"));
        assertEquals(new BsonDateTime(-86400000L), record.get("old"));
        assertEquals(new BsonDateTime(253402300800000L), record.get("far"));
        assertEquals(new BsonInt32(-7), record.get("i"));
        assertEquals(new BsonInt64(5), record.get("l"));
        assertEquals(new BsonDouble(1500), record.get("x"));
        assertEquals(new BsonDouble(Double.POSITIVE_INFINITY), record.get("inf"));
        assertEquals(new BsonDouble(Double.NEGATIVE_INFINITY), record.get("ninf"));
        assertEquals(true, Double.isNaN(record.getDouble("nan").getValue()));
        assertEquals(new BsonDecimal128(Decimal128.parse("12.50")), record.get("dec"));
        assertEquals(new BsonObjectId(new ObjectId(oid)), record.get("ref"));
        assertEquals(new BsonBinary((byte) 0x80, new byte[] {1, 2, 3}), record.get("bin"));
        assertEquals(new BsonBinary((byte) 2, new byte[] {1, 2, 3}), record.get("old_bin"));
        assertEquals(
                new BsonBinary(java.util.UUID.fromString("00112233-4455-6677-8899-aabbccddeeff")), record.get("u"));
        assertEquals(
                new BsonArray(List.of(new BsonDateTime(-1), new BsonObjectId(new ObjectId(oid)))),
                record.getDocument("nested").get("at"));
        // The bytes the parser wrote read back through the driver's own codec as the same document.
        assertEquals(
                record,
                new BsonDocumentCodec()
                        .decode(
                                new org.bson.BsonBinaryReader(((RawBsonDocument) record)
                                        .getByteBuffer()
                                        .asNIO()),
                                org.bson.codecs.DecoderContext.builder().build()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"$date":"2024-05-01T12:00:00Z","x":1}                  | extra member
            {"$date":"2024-05-01"}                                  | date without time
            {"$date":"2024-05-01T12:00:00"}                         | date without offset
            {"$date":"2024-13-01T12:00:00Z"}                        | month 13
            {"$date":1714564800000}                                 | date as a number
            {"$date":{"$numberLong":"1.5"}}                         | date millis not an integer
            {"$date":{"$numberLong":"99999999999999999999"}}        | date millis beyond int64
            {"$date":{"$numberLong":"1","x":2}}                     | date wrapper with extra member
            {"$numberInt":"2147483648"}                             | int32 out of range
            {"$numberInt":"1.0"}                                    | int32 with a fraction
            {"$numberInt":7}                                        | int32 as a number
            {"$numberLong":"9223372036854775808"}                   | int64 out of range
            {"$numberLong":"+1"}                                    | int64 with a plus
            {"$numberDouble":"1e400"}                               | double out of range
            {"$numberDouble":"0x10"}                                | double in hex
            {"$numberDouble":"inf"}                                 | double spelled otherwise
            {"$numberDecimal":"1.2.3"}                              | decimal malformed
            {"$oid":"5f1d7f1e2b3c4d5e6f70819"}                      | oid of 23 digits
            {"$oid":"5f1d7f1e2b3c4d5e6f70819z"}                     | oid not hex
            {"$oid":"5f1d7f1e2b3c4d5e6f708192","$oid":"5f1d7f1e2b3c4d5e6f708192"} | oid twice
            {"$binary":{"base64":"AQ*D","subType":"00"}}            | base64 malformed
            {"$binary":{"base64":"AQID","subType":"100"}}           | subType of 3 digits
            {"$binary":{"base64":"AQID","subType":"zz"}}            | subType not hex
            {"$binary":{"base64":"AQID"}}                           | subType missing
            {"$binary":{"base64":"AQID","subType":"00","x":"1"}}    | binary with extra member
            {"$binary":"AQID","$type":"00"}                         | legacy binary
            {"$uuid":"00112233445566778899aabbccddeeff"}            | uuid without dashes
            {"$uuid":"00112233-4455-6677-8899-aabbccddeefg"}        | uuid not hex
            """)
    void a_malformed_wrapper_is_an_invalid_record_at_its_path(String wrapper, String why) {
        Rejection rejection = rejection("[{\"a\":1},{\"item\":{\"list\":[0," + wrapper + "]}}]");
        assertEquals(new Rejection(ErrorCode.INVALID_RECORD, rejection.message(), 1, "item.list[1]"), rejection, why);
    }

    @Test
    void a_malformed_wrapper_in_malformed_json_is_invalid_json() {
        assertEquals(
                ErrorCode.INVALID_JSON, rejection("{\"d\":{\"$date\":\"x\",}}").code());
        assertEquals(
                ErrorCode.INVALID_JSON,
                rejection("{\"d\":{\"$numberInt\":\"1\" \"x\"}}").code());
    }

    @Test
    void any_other_dollar_name_stays_refused_as_before() {
        for (String name : List.of("$gt", "$numberlong", "$regularExpression", "$timestamp", "$symbol")) {
            Rejection rejection = rejection("{\"x\":{\"" + name + "\":\"1\"}}");
            assertEquals(
                    new Rejection(ErrorCode.INVALID_RECORD, "field names must not start with '$'", 0, "x." + name),
                    rejection,
                    name);
        }
        Rejection second = rejection("{\"x\":{\"a\":1,\"$date\":\"2024-05-01T12:00:00Z\"}}");
        assertEquals(
                new Rejection(ErrorCode.INVALID_RECORD, "field names must not start with '$'", 0, "x.$date"), second);
        Rejection top = rejection("{\"$date\":\"2024-05-01T12:00:00Z\"}");
        assertEquals(new Rejection(ErrorCode.INVALID_RECORD, "field names must not start with '$'", 0, "$date"), top);
    }

    @Test
    void a_record_id_is_still_an_object_id_only() {
        Rejection rejection = rejection("{\"_id\":{\"$numberInt\":\"1\"}}");
        assertEquals(new Rejection(ErrorCode.INVALID_RECORD, rejection.message(), 0, "_id"), rejection);
    }

    @Test
    void for_the_embedded_store_binaries_it_cannot_hold_are_refused_with_their_path() throws Exception {
        var embedded = new RecordParser(3, true);
        String uuid = "{\"$binary\":{\"base64\":\""
                + java.util.Base64.getEncoder().encodeToString(new byte[16]) + "\",\"subType\":\"04\"}}";
        BsonDocument record = embedded.parse("{\"a\":{\"$binary\":{\"base64\":\"AQID\",\"subType\":\"0\"}},\"u\":"
                        + uuid + ",\"v\":{\"$uuid\":\"00112233-4455-6677-8899-aabbccddeeff\"}}")
                .getFirst();
        assertEquals(new BsonBinary(new byte[] {1, 2, 3}), record.get("a"));
        for (String subType : List.of("80", "02", "05", "04")) {
            var rejection = assertThrows(
                            RejectedException.class,
                            () -> embedded.parse(
                                    "{\"x\":[{\"$binary\":{\"base64\":\"AQID\",\"subType\":\"" + subType + "\"}}]}"))
                    .rejection();
            assertEquals(new Rejection(ErrorCode.INVALID_RECORD, rejection.message(), 0, "x[0]"), rejection, subType);
            assertTrue(rejection.message().contains("MONGODB_URL"), rejection.message());
        }
    }
}
