package org.inventory.server.insight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;

class SchemaProfileTest {
    private static BsonDocument profile(String... records) {
        var profile = new SchemaProfile();
        for (String record : records) {
            profile.add(BsonDocument.parse(record));
        }
        return BsonDocument.parse(SummaryService.json(out -> {
            out.writeStartObject();
            out.writeFieldName("fields");
            profile.writeFields(out);
            out.writeEndObject();
        }));
    }

    private static Map<String, BsonDocument> byPath(BsonDocument profile) {
        return profile.getArray("fields").stream()
                .map(BsonValue::asDocument)
                .collect(Collectors.toMap(f -> f.getString("path").getValue(), f -> f));
    }

    @Test
    void paths_shares_and_types_of_nested_documents_and_arrays() {
        Map<String, BsonDocument> fields = byPath(profile(
                "{\"a\":1,\"w\":{\"code\":\"W1\"},\"tags\":[\"x\",\"y\"]}",
                "{\"a\":\"one\",\"w\":{\"code\":\"W1\"},\"tags\":[]}",
                "{\"a\":null,\"items\":[{\"sku\":\"S\"},{\"sku\":2}]}",
                "{\"b\":2.5}"));
        assertEquals(
                List.of("a", "w", "w.code", "tags", "tags[]", "items", "items[]", "items[].sku", "b"),
                List.copyOf(fields.keySet().stream()
                        .sorted((x, y) -> order(x) - order(y))
                        .toList()));
        assertEquals(0.75, fields.get("a").getDouble("share").getValue());
        assertEquals(3, fields.get("a").getInt32("count").getValue());
        List<String> types = fields.get("a").getArray("types").stream()
                .map(t -> t.asDocument().getString("type").getValue())
                .sorted()
                .toList();
        assertEquals(List.of("int", "null", "string"), types);
        assertEquals(0.5, fields.get("w.code").getDouble("share").getValue());
        // tags[]: one record has elements; two values.
        assertEquals(1, fields.get("tags[]").getInt32("count").getValue());
        assertEquals(
                2,
                fields.get("tags[]")
                        .getArray("types")
                        .get(0)
                        .asDocument()
                        .getInt32("count")
                        .getValue());
        BsonDocument array = fields.get("tags").getArray("types").get(0).asDocument();
        assertEquals(0, array.getInt32("min_length").getValue());
        assertEquals(2, array.getInt32("max_length").getValue());
        assertEquals(
                List.of("int", "string"),
                fields.get("items[].sku").getArray("types").stream()
                        .map(t -> t.asDocument().getString("type").getValue())
                        .sorted()
                        .toList());
    }

    private static int order(String path) {
        return List.of("a", "w", "w.code", "tags", "tags[]", "items", "items[]", "items[].sku", "b")
                .indexOf(path);
    }

    @Test
    void numbers_have_min_max_mean_and_at_most_twenty_bins() {
        String[] records =
                IntStream.range(0, 100).mapToObj(i -> "{\"q\":" + i + "}").toArray(String[]::new);
        BsonDocument type =
                byPath(profile(records)).get("q").getArray("types").get(0).asDocument();
        assertEquals(0.0, type.getNumber("min").doubleValue());
        assertEquals(99.0, type.getNumber("max").doubleValue());
        assertEquals(49.5, type.getNumber("mean").doubleValue());
        BsonArray bins = type.getArray("histogram");
        assertEquals(20, bins.size());
        assertEquals(
                100,
                bins.stream()
                        .mapToLong(b -> b.asDocument().getNumber("count").longValue())
                        .sum());
        assertArrayEquals(new long[] {3}, SchemaProfile.histogram(List.of(4.0, 4.0, 4.0), 4, 4));
    }

    @Test
    void strings_count_distinct_values_up_to_a_thousand_and_the_ten_most_frequent() {
        String[] records = IntStream.range(0, 1500)
                .mapToObj(i -> "{\"s\":\"v" + (i < 300 ? i % 12 : i) + "\"}")
                .toArray(String[]::new);
        BsonDocument type =
                byPath(profile(records)).get("s").getArray("types").get(0).asDocument();
        assertEquals(1000, type.getInt32("distinct").getValue());
        assertTrue(type.getBoolean("distinct_capped").getValue());
        BsonArray top = type.getArray("top");
        assertEquals(10, top.size());
        assertEquals(25, top.get(0).asDocument().getInt32("count").getValue());
        assertFalse(byPath(profile("{\"s\":\"x\"}"))
                .get("s")
                .getArray("types")
                .get(0)
                .asDocument()
                .getBoolean("distinct_capped")
                .getValue());
    }

    @Test
    void dates_have_min_max_and_a_histogram_as_times() {
        BsonDocument type = byPath(profile(
                        "{\"d\":{\"$date\":\"2026-01-01T00:00:00Z\"}}", "{\"d\":{\"$date\":\"2026-01-02T00:00:00Z\"}}"))
                .get("d")
                .getArray("types")
                .get(0)
                .asDocument();
        assertEquals("date", type.getString("type").getValue());
        assertEquals("2026-01-01T00:00:00Z", type.getString("min").getValue());
        assertEquals("2026-01-02T00:00:00Z", type.getString("max").getValue());
        assertEquals(2, type.getArray("histogram").size());
    }
}
