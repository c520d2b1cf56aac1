package org.inventory.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The matcher against MongoDB's documented semantics, one rule per case: each a filter, a record (extended JSON)
 * and whether MongoDB's {@code find} selects it.
 */
class FilterMatcherTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet("equality", "{\"sku\":\"A-1\"}", "{\"sku\":\"A-1\"}", true),
                argumentSet("equality fails on another value", "{\"sku\":\"A-1\"}", "{\"sku\":\"A-2\"}", false),
                argumentSet("numbers equal across types", "{\"q\":1}", "{\"q\":{\"$numberDecimal\":\"1.000\"}}", true),
                argumentSet(
                        "an int64 equals a double of the same value",
                        "{\"q\":{\"$numberLong\":\"3\"}}",
                        "{\"q\":3.0}",
                        true),
                argumentSet(
                        "a large int64 is not rounded to a double",
                        "{\"q\":{\"$numberLong\":\"9007199254740993\"}}",
                        "{\"q\":9007199254740992.0}",
                        false),
                argumentSet("-0 equals 0", "{\"q\":0}", "{\"q\":-0.0}", true),
                argumentSet(
                        "NaN equals NaN",
                        "{\"q\":{\"$numberDouble\":\"NaN\"}}",
                        "{\"q\":{\"$numberDecimal\":\"NaN\"}}",
                        true),
                argumentSet(
                        "NaN is not less than a number",
                        "{\"q\":{\"$lt\":-1e308}}",
                        "{\"q\":{\"$numberDouble\":\"NaN\"}}",
                        false),
                argumentSet(
                        "NaN is not greater than a number",
                        "{\"q\":{\"$gt\":-1e308}}",
                        "{\"q\":{\"$numberDouble\":\"NaN\"}}",
                        false),
                argumentSet(
                        "$lte NaN matches NaN",
                        "{\"q\":{\"$lte\":{\"$numberDouble\":\"NaN\"}}}",
                        "{\"q\":{\"$numberDouble\":\"NaN\"}}",
                        true),
                argumentSet(
                        "dotted path into a document",
                        "{\"price.amount\":{\"$gt\":9}}",
                        "{\"price\":{\"amount\":9.5}}",
                        true),
                argumentSet(
                        "dotted path through an array of documents",
                        "{\"lots.n\":2}",
                        "{\"lots\":[{\"n\":1},{\"n\":2}]}",
                        true),
                argumentSet("numeric part indexes an array", "{\"tags.1\":\"b\"}", "{\"tags\":[\"a\",\"b\"]}", true),
                argumentSet("numeric part at the wrong index", "{\"tags.0\":\"b\"}", "{\"tags\":[\"a\",\"b\"]}", false),
                argumentSet(
                        "an array matches when any element does", "{\"tags\":\"b\"}", "{\"tags\":[\"a\",\"b\"]}", true),
                argumentSet(
                        "an array matches an equal array",
                        "{\"tags\":[\"a\",\"b\"]}",
                        "{\"tags\":[\"a\",\"b\"]}",
                        true),
                argumentSet(
                        "an array does not match the array in another order",
                        "{\"tags\":[\"b\",\"a\"]}",
                        "{\"tags\":[\"a\",\"b\"]}",
                        false),
                argumentSet("an array element that is an array", "{\"t\":[1]}", "{\"t\":[[1],[2]]}", true),
                argumentSet(
                        "a document equals field for field, in order",
                        "{\"p\":{\"a\":1,\"b\":2}}",
                        "{\"p\":{\"b\":2,\"a\":1}}",
                        false),
                argumentSet(
                        "a document equal with numbers of another type",
                        "{\"p\":{\"a\":1}}",
                        "{\"p\":{\"a\":1.0}}",
                        true),
                argumentSet("comparison only within the type bracket", "{\"q\":{\"$gt\":1}}", "{\"q\":\"2\"}", false),
                argumentSet("string comparison is binary", "{\"s\":{\"$lt\":\"a\"}}", "{\"s\":\"Z\"}", true),
                argumentSet(
                        "string comparison by code point beyond the BMP",
                        "{\"s\":{\"$gt\":\"\uffff\"}}",
                        "{\"s\":\"\ud83d\ude00\"}",
                        true),
                argumentSet("$gt on an array: any element", "{\"q\":{\"$gt\":5}}", "{\"q\":[1,7]}", true),
                argumentSet(
                        "range on an array can match two elements",
                        "{\"q\":{\"$gt\":5,\"$lt\":3}}",
                        "{\"q\":[1,7]}",
                        true),
                argumentSet("null matches a missing field", "{\"x\":null}", "{\"y\":1}", true),
                argumentSet("null matches null", "{\"x\":null}", "{\"x\":null}", true),
                argumentSet(
                        "null matches an array element without the field",
                        "{\"a.b\":null}",
                        "{\"a\":[{\"b\":1},{\"c\":1}]}",
                        true),
                argumentSet("$ne null needs the field", "{\"x\":{\"$ne\":null}}", "{\"y\":1}", false),
                argumentSet("$gte null matches missing", "{\"x\":{\"$gte\":null}}", "{}", true),
                argumentSet("$gt null matches nothing", "{\"x\":{\"$gt\":null}}", "{\"x\":null}", false),
                argumentSet(
                        "$ne on an array: no element equal", "{\"t\":{\"$ne\":\"a\"}}", "{\"t\":[\"a\",\"b\"]}", false),
                argumentSet("$ne on a missing field", "{\"t\":{\"$ne\":\"a\"}}", "{}", true),
                argumentSet("$in", "{\"c\":{\"$in\":[\"x\",\"tools\"]}}", "{\"c\":\"tools\"}", true),
                argumentSet("$in with null matches missing", "{\"c\":{\"$in\":[null]}}", "{}", true),
                argumentSet(
                        "$in with a regular expression",
                        "{\"c\":{\"$in\":[{\"$regularExpression\":{\"pattern\":\"^to\",\"options\":\"\"}}]}}",
                        "{\"c\":\"tools\"}",
                        true),
                argumentSet("$nin", "{\"c\":{\"$nin\":[\"x\",\"tools\"]}}", "{\"c\":\"tools\"}", false),
                argumentSet("$nin on a missing field", "{\"c\":{\"$nin\":[\"x\"]}}", "{}", true),
                argumentSet("$exists true", "{\"c\":{\"$exists\":true}}", "{\"c\":null}", true),
                argumentSet("$exists false", "{\"c\":{\"$exists\":false}}", "{\"c\":null}", false),
                argumentSet("$exists 0 is false", "{\"c\":{\"$exists\":0}}", "{}", true),
                argumentSet("$type by name", "{\"q\":{\"$type\":\"int\"}}", "{\"q\":1}", true),
                argumentSet("$type by number", "{\"q\":{\"$type\":1}}", "{\"q\":1.5}", true),
                argumentSet("$type number", "{\"q\":{\"$type\":\"number\"}}", "{\"q\":{\"$numberLong\":\"1\"}}", true),
                argumentSet("$type array", "{\"q\":{\"$type\":\"array\"}}", "{\"q\":[]}", true),
                argumentSet(
                        "$type through array elements", "{\"q\":{\"$type\":\"string\"}}", "{\"q\":[1,\"a\"]}", true),
                argumentSet("$type list", "{\"q\":{\"$type\":[\"string\",\"bool\"]}}", "{\"q\":true}", true),
                argumentSet("$and", "{\"$and\":[{\"a\":1},{\"b\":2}]}", "{\"a\":1,\"b\":2}", true),
                argumentSet("$or", "{\"$or\":[{\"a\":1},{\"b\":2}]}", "{\"a\":0,\"b\":2}", true),
                argumentSet("$nor", "{\"$nor\":[{\"a\":1},{\"b\":2}]}", "{\"a\":0,\"b\":2}", false),
                argumentSet("$not with an operator", "{\"q\":{\"$not\":{\"$gt\":5}}}", "{\"q\":3}", true),
                argumentSet("$not matches a missing field", "{\"q\":{\"$not\":{\"$gt\":5}}}", "{}", true),
                argumentSet(
                        "$not negates the whole condition on an array",
                        "{\"a.x\":{\"$not\":{\"$lt\":0.5}}}",
                        "{\"a\":[{\"x\":0},{\"x\":1}]}",
                        false),
                argumentSet(
                        "$exists false through an empty array", "{\"a.x\":{\"$exists\":false}}", "{\"a\":[]}", true),
                argumentSet("$all with null matches a missing field", "{\"a\":{\"$all\":[null]}}", "{}", true),
                argumentSet(
                        "$regex does not match a document",
                        "{\"a\":{\"$regex\":\"b\"}}",
                        "{\"a\":[{\"x\":\"ab\"}]}",
                        false),
                argumentSet(
                        "$not with a regular expression",
                        "{\"s\":{\"$not\":{\"$regularExpression\":{\"pattern\":\"^a\",\"options\":\"\"}}}}",
                        "{\"s\":\"abc\"}",
                        false),
                argumentSet("$regex", "{\"s\":{\"$regex\":\"^ab\"}}", "{\"s\":\"abc\"}", true),
                argumentSet("$regex is not anchored", "{\"s\":{\"$regex\":\"bc\"}}", "{\"s\":\"abc\"}", true),
                argumentSet(
                        "$regex with $options i",
                        "{\"s\":{\"$regex\":\"^AB\",\"$options\":\"i\"}}",
                        "{\"s\":\"abc\"}",
                        true),
                argumentSet("$regex only matches strings", "{\"s\":{\"$regex\":\"1\"}}", "{\"s\":1}", false),
                argumentSet("$regex on array elements", "{\"s\":{\"$regex\":\"^b\"}}", "{\"s\":[\"a\",\"b\"]}", true),
                argumentSet(
                        "a regular expression as a value matches by pattern",
                        "{\"s\":{\"$regularExpression\":{\"pattern\":\"b\",\"options\":\"\"}}}",
                        "{\"s\":\"abc\"}",
                        true),
                argumentSet(
                        "$eq with a regular expression compares it as a value",
                        "{\"s\":{\"$eq\":{\"$regularExpression\":{\"pattern\":\"b\",\"options\":\"\"}}}}",
                        "{\"s\":\"abc\"}",
                        false),
                argumentSet(
                        "$elemMatch on documents",
                        "{\"lots\":{\"$elemMatch\":{\"n\":{\"$gt\":1},\"w\":\"a\"}}}",
                        "{\"lots\":[{\"n\":2,\"w\":\"b\"},{\"n\":1,\"w\":\"a\"}]}",
                        false),
                argumentSet(
                        "$elemMatch on one document",
                        "{\"lots\":{\"$elemMatch\":{\"n\":{\"$gt\":1},\"w\":\"a\"}}}",
                        "{\"lots\":[{\"n\":2,\"w\":\"a\"}]}",
                        true),
                argumentSet(
                        "$elemMatch on values",
                        "{\"q\":{\"$elemMatch\":{\"$gt\":5,\"$lt\":8}}}",
                        "{\"q\":[1,9,6]}",
                        true),
                argumentSet(
                        "$elemMatch needs one element for all",
                        "{\"q\":{\"$elemMatch\":{\"$gt\":5,\"$lt\":3}}}",
                        "{\"q\":[1,7]}",
                        false),
                argumentSet("$elemMatch on a non-array", "{\"q\":{\"$elemMatch\":{\"$gt\":5}}}", "{\"q\":6}", false),
                argumentSet("$size", "{\"t\":{\"$size\":2}}", "{\"t\":[1,2]}", true),
                argumentSet(
                        "$size counts the array, not its elements",
                        "{\"t\":{\"$size\":1}}",
                        "{\"t\":[[1],[2]]}",
                        false),
                argumentSet("$all", "{\"t\":{\"$all\":[\"a\",\"c\"]}}", "{\"t\":[\"c\",\"b\",\"a\"]}", true),
                argumentSet(
                        "$all missing one", "{\"t\":{\"$all\":[\"a\",\"d\"]}}", "{\"t\":[\"c\",\"b\",\"a\"]}", false),
                argumentSet("$all on a scalar", "{\"t\":{\"$all\":[\"a\"]}}", "{\"t\":\"a\"}", true),
                argumentSet("$all empty matches nothing", "{\"t\":{\"$all\":[]}}", "{\"t\":[]}", false),
                argumentSet(
                        "$all of $elemMatch",
                        "{\"t\":{\"$all\":[{\"$elemMatch\":{\"n\":1}},{\"$elemMatch\":{\"n\":2}}]}}",
                        "{\"t\":[{\"n\":1},{\"n\":2}]}",
                        true),
                argumentSet(
                        "an ObjectId",
                        "{\"_id\":{\"$oid\":\"5f1d7f1e2b3c4d5e6f708191\"}}",
                        "{\"_id\":{\"$oid\":\"5f1d7f1e2b3c4d5e6f708191\"}}",
                        true),
                argumentSet(
                        "a date range",
                        "{\"d\":{\"$gte\":{\"$date\":\"2024-01-01T00:00:00Z\"}}}",
                        "{\"d\":{\"$date\":\"2024-06-01T00:00:00Z\"}}",
                        true),
                argumentSet(
                        "a string is not a date",
                        "{\"d\":{\"$gte\":{\"$date\":\"2024-01-01T00:00:00Z\"}}}",
                        "{\"d\":\"2024-06-01T00:00:00Z\"}",
                        false),
                argumentSet("the empty filter matches everything", "{}", "{\"a\":1}", true),
                // Arrays of arrays, read as MongoDB's own tests of its matcher read them.
                argumentSet("an array equals an element that is that array", "{\"q\":[5]}", "{\"q\":[[5]]}", true),
                argumentSet(
                        "a value does not match inside an element that is an array",
                        "{\"q\":5}",
                        "{\"q\":[[5]]}",
                        false),
                argumentSet(
                        "$in does not look into an element that is an array",
                        "{\"q\":{\"$in\":[5,null]}}",
                        "{\"q\":[[5]]}",
                        false),
                argumentSet("$nin over an element that is an array", "{\"q\":{\"$nin\":[5,7]}}", "{\"q\":[[5]]}", true),
                argumentSet(
                        "$elemMatch operators test an element that is an array as one value",
                        "{\"q\":{\"$elemMatch\":{\"$gt\":4,\"$lt\":6}}}",
                        "{\"q\":[[5]]}",
                        false),
                argumentSet(
                        "$elemMatch in $elemMatch looks into an inner array",
                        "{\"q\":{\"$elemMatch\":{\"$elemMatch\":{\"$gt\":4,\"$lt\":6}}}}",
                        "{\"q\":[[5]]}",
                        true),
                argumentSet(
                        "$elemMatch $type of an element that is an array",
                        "{\"q\":{\"$elemMatch\":{\"$type\":\"number\"}}}",
                        "{\"q\":[[5]]}",
                        false),
                argumentSet(
                        "$elemMatch queries an inner array by its positions",
                        "{\"q\":{\"$elemMatch\":{\"0\":5}}}",
                        "{\"q\":[[5]]}",
                        true),
                argumentSet(
                        "$elemMatch with null matches an empty inner array",
                        "{\"a\":{\"$elemMatch\":{\"b\":null}}}",
                        "{\"a\":[[]]}",
                        true),
                argumentSet(
                        "$elemMatch query on an inner array of documents",
                        "{\"a\":{\"$elemMatch\":{\"b\":5}}}",
                        "{\"a\":[[{\"b\":5}]]}",
                        false),
                argumentSet(
                        "$type does not look into an element that is an array",
                        "{\"q\":{\"$type\":\"number\"}}",
                        "{\"q\":[[5]]}",
                        false),
                argumentSet(
                        "$type array of an element that is an array",
                        "{\"q\":{\"$elemMatch\":{\"$type\":\"array\"}}}",
                        "{\"q\":[[5]]}",
                        true),
                argumentSet(
                        "$size of an element that is an array does not count",
                        "{\"q\":{\"$size\":2}}",
                        "{\"q\":[[1,2]]}",
                        false),
                argumentSet("$all of an array", "{\"q\":{\"$all\":[[1,2]]}}", "{\"q\":[[1,2],3]}", true),
                argumentSet(
                        "a position names an element that is an array as one value",
                        "{\"a.0\":42}",
                        "{\"a\":[[42]]}",
                        false),
                argumentSet("two positions reach into an inner array", "{\"a.0.0\":42}", "{\"a\":[[42]]}", true),
                argumentSet(
                        "a position is a field name of a document element",
                        "{\"a.0\":42}",
                        "{\"a\":[{\"0\":[42]}]}",
                        true),
                argumentSet(
                        "a position then a field through an inner array",
                        "{\"a.0.b\":1}",
                        "{\"a\":[[{\"b\":1}]]}",
                        true),
                argumentSet(
                        "a field does not reach through an inner array", "{\"a.b\":1}", "{\"a\":[[{\"b\":1}]]}", false),
                argumentSet(
                        "null through an array of values matches nothing", "{\"a.b\":null}", "{\"a\":[1,null]}", false),
                argumentSet("null through an empty array matches nothing", "{\"a.b\":null}", "{\"a\":[]}", false),
                argumentSet("null through a scalar matches", "{\"a.b\":null}", "{\"a\":4}", true),
                argumentSet("$ne null through an array of values", "{\"a.b\":{\"$ne\":null}}", "{\"a\":[1,2]}", true),
                argumentSet(
                        "$exists false through an array of values",
                        "{\"a.b\":{\"$exists\":false}}",
                        "{\"a\":[1,2]}",
                        true),
                argumentSet(
                        "$not over an element that is an array",
                        "{\"q\":{\"$not\":{\"$gt\":1}}}",
                        "{\"q\":[[5]]}",
                        true));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void the_matcher_selects_a_record_as_mongodb_does(String filter, String record, boolean selected) {
        assertEquals(selected, FilterMatcher.of(FilterSpec.parse(filter)).matches(BsonDocument.parse(record)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"t\":{\"$size\":-1}}",
                "{\"t\":{\"$size\":1.5}}",
                "{\"t\":{\"$size\":\"2\"}}",
                "{\"t\":{\"$type\":\"text\"}}",
                "{\"t\":{\"$type\":42}}",
                "{\"t\":{\"$regex\":\"(\"}}"
            })
    void a_value_mongodb_would_refuse_is_refused_naming_the_filter(String filter) {
        var refused = assertThrows(QueryException.class, () -> FilterMatcher.of(FilterSpec.parse(filter)));
        assertEquals("filter", refused.parameter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"q\":3,\"t\":\"a\"}", "{\"q\":3,\"t\":\"b\"}", "{\"q\":9,\"t\":\"a\"}", "{\"t\":\"a\"}"})
    void a_combined_filter_selects_what_both_select_as_its_and_would(String record) {
        var restriction = FilterSpec.parse("{\"t\":{\"$in\":[\"a\",\"c\"]}}");
        var own = FilterSpec.parse("{\"q\":{\"$lt\":5}}");
        var written = FilterSpec.parse("{\"$and\":[{\"t\":{\"$in\":[\"a\",\"c\"]}},{\"q\":{\"$lt\":5}}]}");
        var document = BsonDocument.parse(record);
        assertEquals(written, restriction.and(own));
        assertEquals(
                written.matcher().matches(document),
                restriction.and(own).matcher().matches(document));
    }

    @Test
    void a_filter_the_service_builds_is_checked_as_a_clients_would_be() {
        var refused =
                assertThrows(QueryException.class, () -> FilterSpec.of(BsonDocument.parse("{\"$where\":\"true\"}")));
        assertEquals("filter operator $where is not allowed", refused.getMessage());
        var range = BsonDocument.parse("{\"q\":{\"$gte\":1,\"$lt\":3}}");
        var built = FilterSpec.of(range);
        range.clear();
        assertEquals(FilterSpec.parse("{\"q\":{\"$gte\":1,\"$lt\":3}}"), built);
        assertEquals(true, built.matcher().matches(BsonDocument.parse("{\"q\":2}")));
    }
}
