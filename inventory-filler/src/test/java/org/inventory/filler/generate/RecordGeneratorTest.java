package org.inventory.filler.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.bson.RawBsonDocument;
import org.inventory.core.RecordParser;
import org.junit.jupiter.api.Test;

class RecordGeneratorTest {
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{24}");
    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void the_same_seed_gives_the_same_records_byte_for_byte_however_they_are_batched() {
        var first = new RecordGenerator(42);
        var second = new RecordGenerator(42);
        String batch = first.message(1_000, 50, true);
        String oneByOne =
                LongStream.range(1_000, 1_050).mapToObj(second::record).collect(Collectors.joining(",", "[", "]"));
        assertEquals(batch, oneByOne);
        assertEquals(first.message(7, 1, false), second.record(7));
    }

    @Test
    void different_seeds_give_different_records_and_ids() {
        var one = new RecordGenerator(1);
        var two = new RecordGenerator(2);
        assertNotEquals(one.record(0), two.record(0));
        Set<String> ids = new HashSet<>();
        for (long i = 0; i < 1_000; i++) {
            ids.add(one.id(i));
            ids.add(two.id(i));
        }
        assertEquals(2_000, ids.size());
    }

    @Test
    void ids_are_24_lowercase_hex_digits_distinct_and_ascending_with_the_index() {
        var generator = new RecordGenerator(7);
        String previous = "";
        for (long i = 0; i < 100_000; i++) {
            String id = generator.id(i);
            assertTrue(OBJECT_ID.matcher(id).matches(), id);
            assertTrue(id.compareTo(previous) > 0, () -> "not ascending at " + id);
            previous = id;
        }
        assertTrue(generator.id(RecordGenerator.MAX_RECORDS - 1).compareTo(previous) > 0);
    }

    @Test
    void records_are_json_objects_of_about_a_kilobyte_with_the_inventory_fields() throws IOException {
        var generator = new RecordGenerator(2024);
        long total = 0;
        int largest = 0;
        Set<String> categories = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (long i = 0; i < 2_000; i++) {
            String record = generator.record(i);
            int bytes = record.getBytes(StandardCharsets.UTF_8).length;
            total += bytes;
            largest = Math.max(largest, bytes);
            List<String> fields = topLevelFields(record);
            assertEquals(
                    List.of(
                            "_id",
                            "sku",
                            "name",
                            "category",
                            "brand",
                            "description",
                            "quantity",
                            "reserved",
                            "reorder_point",
                            "unit",
                            "status",
                            "price",
                            "cost",
                            "warehouse",
                            "location",
                            "supplier",
                            "barcode",
                            "dimensions_mm",
                            "weight_g",
                            "colour",
                            "tags",
                            "updated_at",
                            "updated_by"),
                    fields);
            assertTrue(record.startsWith("{\"_id\":\"" + generator.id(i) + "\""), record);
            categories.add(stringField(record, "category"));
            names.add(stringField(record, "name"));
        }
        double average = total / 2_000.0;
        assertTrue(average > 850 && average < 1_050, "average " + average + " bytes");
        assertTrue(largest < 1_300, "largest " + largest + " bytes");
        assertEquals(10, categories.size(), "categories " + categories);
        assertTrue(names.size() > 1_900, names.size() + " distinct names in 2000 records");
    }

    @Test
    void messages_of_a_thousand_records_pass_the_servers_parser_and_fit_its_default_size_limit() throws Exception {
        var generator = new RecordGenerator(99);
        var parser = new RecordParser(1_000);
        for (long first = 0; first < 5_000; first += 1_000) {
            String message = generator.message(first, 1_000, true);
            assertTrue(message.getBytes(StandardCharsets.UTF_8).length < 1_048_576, "message at " + first);
            List<RawBsonDocument> records = parser.parse(message);
            assertEquals(1_000, records.size());
            assertEquals(
                    generator.id(first),
                    records.getFirst().getObjectId("_id").getValue().toHexString());
        }
    }

    private static List<String> topLevelFields(String record) throws IOException {
        try (JsonParser in = JSON.createParser(record)) {
            assertEquals(JsonToken.START_OBJECT, in.nextToken());
            var fields = new java.util.ArrayList<String>();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                fields.add(in.currentName());
                in.nextToken();
                in.skipChildren();
            }
            assertEquals(null, in.nextToken(), "one object only");
            return fields;
        }
    }

    private static String stringField(String record, String name) throws IOException {
        try (JsonParser in = JSON.createParser(record)) {
            in.nextToken();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                in.nextToken();
                if (field.equals(name)) {
                    return in.getText();
                }
                in.skipChildren();
            }
            throw new AssertionError("no field " + name + " in " + record);
        }
    }
}
