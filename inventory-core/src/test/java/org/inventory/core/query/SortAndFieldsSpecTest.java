package org.inventory.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SortAndFieldsSpecTest {

    @Test
    void a_sort_ends_with_id_added_ascending_when_absent() {
        var sort = SortSpec.parse("-price.amount,sku");
        assertEquals(
                List.of(new SortKey("price.amount", true), new SortKey("sku", false), new SortKey("_id", false)),
                sort.keys());
        assertEquals(BsonDocument.parse("{\"price.amount\":-1,\"sku\":1,\"_id\":1}"), sort.toBson());
        assertEquals("-price.amount,sku,_id", sort.toString());
        assertEquals(SortSpec.byId(), SortSpec.parse(null));
        assertEquals(SortSpec.byId(), SortSpec.parse(""));
        assertEquals("a,-_id", SortSpec.parse("a,-_id").toString());
        assertEquals("a,b,c,d,_id", SortSpec.parse("a,b,c,d").toString());
        assertEquals("a,b,c,_id", SortSpec.parse("a,b,c,_id").toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a,b,c,d,e",
                "a,b,c,d,_id",
                ",a",
                "a,",
                "-",
                "a,,b",
                "$a",
                "a.$b",
                "a,a",
                "a,-a",
                "_id,a",
                "a..b",
                ".a",
                "a."
            })
    void refuses_bad_sorts(String text) {
        assertEquals(
                "sort",
                assertThrows(QueryException.class, () -> SortSpec.parse(text)).parameter());
    }

    @Test
    void fields_always_include_the_id() {
        var fields = FieldsSpec.parse("sku,price.amount");
        assertEquals(List.of("_id", "sku", "price.amount"), fields.paths());
        assertEquals(
                BsonDocument.parse("{\"_id\":1,\"sku\":1,\"price.amount\":1}"),
                fields.projection().orElseThrow());
        assertEquals(List.of("_id", "sku"), FieldsSpec.parse("_id,sku").paths());
        assertEquals(FieldsSpec.all(), FieldsSpec.parse(null));
        assertEquals(true, FieldsSpec.all().projection().isEmpty());
        FieldsSpec.parse(String.join(
                ",",
                java.util.stream.IntStream.range(0, 50).mapToObj(i -> "f" + i).toList()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,", ",a", "a,,b", "$a", "a.$b", "a,a", "a,a.b", "a.b,a", "a..b"})
    void refuses_bad_field_lists(String text) {
        assertEquals(
                "fields",
                assertThrows(QueryException.class, () -> FieldsSpec.parse(text)).parameter());
    }

    @Test
    void refuses_more_than_fifty_fields() {
        String fields = String.join(
                ",",
                java.util.stream.IntStream.range(0, 51).mapToObj(i -> "f" + i).toList());
        assertThrows(QueryException.class, () -> FieldsSpec.parse(fields));
    }

    @Test
    void reads_the_sort_keys_too_and_trims_them_away_again() {
        var fields = FieldsSpec.parse("sku,price.currency,loc.shelf");
        var read = fields.withSortKeys(SortSpec.parse("-price.amount,loc,sku"));
        assertEquals(List.of("_id", "sku", "price.currency", "price.amount", "loc"), read.paths());
        var record = BsonDocument.parse("""
                {"_id":1,"sku":"A","qty":3,"price":{"amount":2,"currency":"EUR"},
                 "loc":{"shelf":4,"bin":5},"lines":[{"x":1}]}""");
        assertEquals(
                BsonDocument.parse("{\"_id\":1,\"sku\":\"A\",\"price\":{\"currency\":\"EUR\"},\"loc\":{\"shelf\":4}}"),
                fields.trim(record));
        assertEquals(
                BsonDocument.parse("{\"_id\":1,\"lines\":[{\"x\":1},{}]}"),
                FieldsSpec.parse("lines.x")
                        .trim(BsonDocument.parse("{\"_id\":1,\"lines\":[{\"x\":1,\"y\":2},{\"y\":3},7]}")));
        assertEquals(FieldsSpec.all(), FieldsSpec.all().withSortKeys(SortSpec.parse("a")));
    }
}
