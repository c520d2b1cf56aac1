package org.inventory.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilterSpecTest {

    private static QueryException refused(String json) {
        var e = assertThrows(QueryException.class, () -> FilterSpec.parse(json));
        assertEquals("filter", e.parameter());
        return e;
    }

    @Test
    void reads_queries_with_relaxed_extended_json_values() {
        var spec = FilterSpec.parse("""
                {"_id":{"$gt":{"$oid":"5f1d7f1e2b3c4d5e6f708191"}},"price.amount":{"$gte":{"$numberDecimal":"9.99"}},
                 "$or":[{"sku":{"$regex":"^A-","$options":"i"}},{"tags":{"$all":["x","y"]}}],
                 "at":{"$lt":{"$date":"2024-01-01T00:00:00Z"}},"qty":{"$not":{"$in":[1,2]}},
                 "lines":{"$elemMatch":{"qty":{"$gt":1},"$or":[{"a":1},{"b":{"$exists":false}}]}},
                 "n":{"$type":["int","long"],"$size":2}}""");
        BsonDocument filter = spec.filter();
        assertEquals(
                new BsonObjectId(new ObjectId("5f1d7f1e2b3c4d5e6f708191")),
                filter.getDocument("_id").get("$gt"));
        assertEquals(
                new BsonDecimal128(Decimal128.parse("9.99")),
                filter.getDocument("price.amount").get("$gte"));
        assertTrue(filter.getDocument("at").get("$lt").isDateTime());
    }

    @Test
    void the_empty_object_matches_everything() {
        assertEquals(new BsonDocument(), FilterSpec.parse("{}").filter());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$where",
                "$function",
                "$expr",
                "$accumulator",
                "$jsonSchema",
                "$text",
                "$near",
                "$nearSphere",
                "$geoWithin",
                "$mod",
                "$comment",
                "$foo"
            })
    void refuses_each_other_operator_wherever_it_is(String operator) {
        String[] places = {
            "{\"%s\":\"x\"}",
            "{\"a\":{\"%s\":\"x\"}}",
            "{\"$and\":[{\"a\":1},{\"%s\":\"x\"}]}",
            "{\"$or\":[{\"a\":{\"%s\":\"x\"}}]}",
            "{\"$nor\":[{\"$and\":[{\"%s\":\"x\"}]}]}",
            "{\"a\":{\"$elemMatch\":{\"%s\":\"x\"}}}",
            "{\"a\":{\"$elemMatch\":{\"b\":{\"%s\":\"x\"}}}}",
            "{\"a\":{\"$not\":{\"%s\":\"x\"}}}",
            "{\"a\":{\"$eq\":{\"b\":{\"%s\":\"x\"}}}}",
            "{\"a\":{\"$in\":[{\"%s\":\"x\"}]}}",
            "{\"a\":{\"$all\":[{\"$elemMatch\":{\"%s\":\"x\"}}]}}",
        };
        for (String place : places) {
            var e = refused(place.formatted(operator));
            assertTrue(e.getMessage().contains(operator), e.getMessage());
        }
    }

    @Test
    void all_takes_values_and_elem_match_but_no_other_operator_as_mongodb_does() {
        FilterSpec.parse("{\"a\":{\"$all\":[1,{\"$elemMatch\":{\"$gt\":1}}]}}");
        var e = refused("{\"a\":{\"$all\":[{\"$gt\":1}]}}");
        assertTrue(e.getMessage().contains("$elemMatch"), e.getMessage());
    }

    @Test
    void refuses_field_operators_at_the_top_and_logical_ones_inside_a_field() {
        assertTrue(refused("{\"$gt\":1}").getMessage().contains("$gt"));
        assertTrue(refused("{\"a\":{\"$or\":[{\"b\":1}]}}").getMessage().contains("$or"));
        refused("{\"a\":{\"$gt\":1,\"b\":2}}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "[]",
                "[{}]",
                "1",
                "\"x\"",
                "null",
                "{",
                "{\"a\":}",
                "{\"a\":1}{}",
                "{\"a\":1} x",
                "{\"a\":1,\"a\":2}",
                "{\"\":1}",
                "{\"a\\u0000b\":1}",
                "{\"a..b\":1}",
                "{\".a\":1}",
                "{\"$and\":[]}",
                "{\"$or\":{}}",
                "{\"$or\":[1]}",
                "{\"a\":{\"$in\":1}}",
                "{\"a\":{\"$elemMatch\":1}}",
                "{\"a\":{\"$not\":1}}",
                "{\"a\":{\"$regex\":1}}",
                "{\"a\":{\"$code\":\"x\"}}",
                "{\"a\":{\"$options\":\"i\"}}"
            })
    void refuses_what_is_not_one_plain_query(String json) {
        refused(json);
    }

    @Test
    void refuses_bad_regular_expression_options_and_long_patterns() {
        for (String options : new String[] {"g", "u", "ii", "iz", "l"}) {
            refused("{\"a\":{\"$regex\":\"x\",\"$options\":\"" + options + "\"}}");
            refused("{\"a\":{\"$regularExpression\":{\"pattern\":\"x\",\"options\":\"" + options + "\"}}}");
        }
        FilterSpec.parse("{\"a\":{\"$regex\":\"x\",\"$options\":\"imsx\"}}");
        FilterSpec.parse("{\"a\":{\"$regex\":\"" + "x".repeat(256) + "\"}}");
        refused("{\"a\":{\"$regex\":\"" + "x".repeat(257) + "\"}}");
        refused("{\"a\":{\"$not\":{\"$regularExpression\":{\"pattern\":\"" + "x".repeat(257)
                + "\",\"options\":\"\"}}}}");
        refused("{\"a\":{\"$in\":[{\"$regularExpression\":{\"pattern\":\"" + "x".repeat(257)
                + "\",\"options\":\"\"}}]}}");
    }

    @Test
    void bounds_the_size_and_the_depth() {
        String padding = "x".repeat(FilterSpec.MAX_BYTES - "{\"a\":\"\"}".length());
        FilterSpec.parse("{\"a\":\"" + padding + "\"}");
        refused("{\"a\":\"" + padding + "x\"}");
        refused("{\"a\":\"" + padding.substring(1) + "é\"}"); // 8 KiB as UTF-8 bytes, not characters

        assertEquals(FilterSpec.MAX_DEPTH, 16);
        FilterSpec.parse(nested(16));
        var e = refused(nested(17));
        assertTrue(e.getMessage().contains("16"), e.getMessage());
        refused(nested(5000));
        refused("{\"a\":" + "[".repeat(20) + "]".repeat(20) + "}");
    }

    /** A query of {@code levels} levels of objects, the top one counting as one. */
    private static String nested(int levels) {
        return "{\"a\":".repeat(levels - 1) + "{\"b\":1}" + "}".repeat(levels - 1);
    }

    @Test
    void a_parsed_filter_cannot_be_changed_through_its_accessor() {
        var spec = FilterSpec.parse("{\"a\":1}");
        spec.filter().put("$where", new org.bson.BsonString("x"));
        assertEquals(FilterSpec.parse("{\"a\":1}"), spec);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'a':1}",
                "{\"a\":1,}",
                "{a:1}",
                "{\"a\":'x'}",
                "{\"a\":[1,]}",
                "{\"a\":1 /* c */}",
                "// c\n{\"a\":1}",
                "{\"a\":1} // c",
                "{\"_id\":ObjectId(\"5f1d7f1e2b3c4d5e6f708191\")}",
                "{\"a\":/x/}",
                "{\"a\":/x/i}",
                "{\"a\":NaN}",
                "{\"a\":Infinity}",
                "{\"a\":01}",
                "{\"a\":+1}",
                "{\"a\":undefined}",
                "{\"a\":new Date(0)}",
                "{\"a\":ISODate(\"2024-01-01T00:00:00Z\")}",
                "{\"a\":NumberLong(1)}",
                "{\"a\":\"tab\there\"}",
                "{\"a\":\"\\x41\"}",
                "{\"a\":.5}",
                "{\"a\":0x10}",
                "{\"a\":TRUE}",
                "{\"a\" 1}",
                "{\"a\":1;\"b\":2}",
                "{\"a\":1}{\"b\":2}",
                "{\"a\":1}]"
            })
    void refuses_what_is_not_json_by_rfc_8259(String text) {
        var e = refused(text);
        assertTrue(e.getMessage().startsWith("filter "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void says_where_the_text_stops_being_json() {
        var e = refused("{'a':1}");
        assertTrue(e.getMessage().contains("RFC 8259") && e.getMessage().contains("at character 2"), e.getMessage());
    }

    @Test
    void reads_every_extended_json_value_as_json() {
        BsonDocument filter = FilterSpec.parse("""
                {"a":{"$oid":"5f1d7f1e2b3c4d5e6f708191"},"b":{"$date":"2024-01-01T00:00:00Z"},
                 "c":{"$date":{"$numberLong":"1700000000000"}},"d":{"$numberDecimal":"1.5"},"e":{"$numberLong":"7"},
                 "f":{"$numberInt":"7"},"g":{"$numberDouble":"NaN"},"h":{"$regularExpression":{"pattern":"^x","options":"i"}},
                 "i":{"$binary":{"base64":"AQI=","subType":"00"}},"j":{"$timestamp":{"t":1,"i":2}},
                 "k":{"$minKey":1},"l":{"$maxKey":1},"m":{"$in":[{"$regularExpression":{"pattern":"y","options":""}}]}}""").filter();
        assertTrue(
                filter.isObjectId("a")
                        && filter.isDateTime("b")
                        && filter.isDateTime("c")
                        && filter.isDecimal128("d")
                        && filter.isInt64("e")
                        && filter.isInt32("f")
                        && filter.isDouble("g")
                        && filter.get("h").isRegularExpression()
                        && filter.isBinary("i")
                        && filter.isTimestamp("j"),
                filter.toJson());
    }

    @Test
    void extended_json_wrappers_do_not_count_as_levels() {
        String deepest = "{\"$date\":{\"$numberLong\":\"1\"}}";
        FilterSpec.parse("{\"a\":".repeat(15) + "{\"b\":" + deepest + "}" + "}".repeat(15));
        assertTrue(refused(nested(19)).getMessage().contains("16"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "(",
                ")",
                "a{2,1}",
                "a{99999999999}",
                "[",
                "[abc",
                "[z-a]",
                "*a",
                "+",
                "?",
                "a|*b",
                "(+a)",
                "a\\",
                "(?<n>a)(?<n>b)",
                "(a))",
                "((a)"
            })
    void refuses_a_pattern_pcre_would_refuse_in_every_place_it_is_compiled(String pattern) {
        String quoted = new BsonDocument("p", new org.bson.BsonString(pattern))
                .toJson()
                .replaceFirst("^\\{\"p\": ", "")
                .replaceFirst("}$", "");
        String regex = "{\"$regularExpression\":{\"pattern\":" + quoted + ",\"options\":\"\"}}";
        for (String place : new String[] {
            "{\"a\":{\"$regex\":%s}}".formatted(quoted),
            "{\"a\":{\"$regex\":%s,\"$options\":\"i\"}}".formatted(quoted),
            "{\"a\":{\"$regex\":%s}}".formatted(regex),
            "{\"a\":%s}".formatted(regex),
            "{\"a\":{\"$in\":[1,%s]}}".formatted(regex),
            "{\"a\":{\"$nin\":[%s]}}".formatted(regex),
            "{\"a\":{\"$all\":[%s]}}".formatted(regex),
            "{\"a\":{\"$not\":%s}}".formatted(regex),
            "{\"a\":{\"$not\":{\"$regex\":%s}}}".formatted(quoted),
            "{\"$or\":[{\"a\":{\"$elemMatch\":{\"b\":{\"$regex\":%s}}}}]}".formatted(quoted)
        }) {
            var e = refused(place);
            assertTrue(
                    e.getMessage().contains("regular expression")
                            && !e.getMessage().contains("\n"),
                    place + ": " + e.getMessage());
        }
    }

    @Test
    void the_refusal_says_what_is_wrong_with_the_pattern() {
        var e = refused("{\"name\":{\"$regex\":\"(\"}}");
        assertEquals(
                "filter has a regular expression that MongoDB cannot compile, /(/: Unclosed group (at character 2)",
                e.getMessage());
        assertTrue(refused("{\"name\":{\"$regex\":\"a{2,1}\"}}").getMessage().contains("Illegal repetition range"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "(?P<n>x)",
                "(?#comment)x",
                "(*UTF8)x",
                "a{",
                "a{,3}",
                "x{y}",
                "[[]",
                "(?<_a>x)",
                "\\p{Xan}",
                "(?(1)a|b)",
                "(a)(?1)",
                "[]a]",
                "a\\Kb",
                "\\k<n>(?<n>a)",
                "(?<=ab|c)d",
                "a*+",
                "a+?"
            })
    void passes_on_a_pattern_pcre_may_accept_though_java_does_not(String pattern) {
        FilterSpec.parse(new BsonDocument("a", new BsonDocument("$regex", new org.bson.BsonString(pattern))).toJson());
    }

    @Test
    void with_x_white_space_in_a_class_is_a_character_as_pcre_reads_it() {
        FilterSpec.parse("{\"a\":{\"$regex\":\"[ ]\",\"$options\":\"x\"}}");
        FilterSpec.parse("{\"a\":{\"$regex\":\"a # (\",\"$options\":\"x\"}}");
        refused("{\"a\":{\"$regex\":\"a (\",\"$options\":\"x\"}}");
    }

    @Test
    void a_regular_expression_compared_as_a_value_is_not_compiled() {
        String regex = "{\"$regularExpression\":{\"pattern\":\"(\",\"options\":\"\"}}";
        FilterSpec.parse("{\"a\":{\"$eq\":%s}}".formatted(regex));
        FilterSpec.parse("{\"a\":{\"b\":%s}}".formatted(regex));
    }
}
