package org.inventory.server.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.inventory.core.query.FieldPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /schema}: shares and types are counts over the sample. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchemaTest {
    private static InsightFixture fixture;

    @BeforeAll
    static void start() {
        fixture = InsightFixture.start("schema");
        fixture.store(InsightFixture.records(2000, 7));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** When the sample holds every match, its figures are counts over /export's records of the filter. */
    @Test
    void a_sample_of_every_match_counts_what_the_export_holds() {
        for (String filter : List.of("{\"status\":\"low_stock\"}", "{\"quantity\":{\"$lt\":50}}")) {
            List<BsonDocument> records = fixture.export(filter);
            BsonDocument schema = fixture.json("/schema?sample=10000&filter=" + InsightFixture.encode(filter));
            assertEquals(records.size(), schema.getNumber("sampled").intValue());
            assertEquals(records.size(), schema.getNumber("total_estimate").intValue());
            Map<String, Map<String, Integer>> expected = new HashMap<>();
            Map<String, Integer> present = new HashMap<>();
            for (BsonDocument record : records) {
                for (String path : List.of("category", "warehouse.code", "quantity", "price", "status")) {
                    BsonValue value = FieldPath.valueIn(record, path);
                    if (value != null) {
                        present.merge(path, 1, Integer::sum);
                        expected.computeIfAbsent(path, p -> new HashMap<>())
                                .merge(SchemaProfile.typeName(value.getBsonType()), 1, Integer::sum);
                    }
                }
            }
            for (BsonValue field : schema.getArray("fields")) {
                BsonDocument f = field.asDocument();
                String path = f.getString("path").getValue();
                if (!present.containsKey(path)) {
                    continue;
                }
                assertEquals(present.get(path), f.getNumber("count").intValue(), path);
                assertEquals(
                        present.get(path) / (double) records.size(),
                        f.getNumber("share").doubleValue(),
                        1e-4,
                        path);
                Map<String, Integer> types = new HashMap<>();
                f.getArray("types")
                        .forEach(t -> types.put(
                                t.asDocument().getString("type").getValue(),
                                t.asDocument().getNumber("count").intValue()));
                assertEquals(expected.get(path), types, path);
            }
        }
    }

    @Test
    void a_sample_smaller_than_the_matches_holds_that_many_and_estimates_the_total() {
        BsonDocument schema = fixture.json("/schema?sample=100");
        assertEquals(100, schema.getNumber("sampled").intValue());
        assertEquals(2000, schema.getNumber("total_estimate").intValue());
        BsonDocument id = schema.getArray("fields").get(0).asDocument();
        assertEquals("_id", id.getString("path").getValue());
        assertEquals(1.0, id.getNumber("share").doubleValue());
        assertTrue(schema.getArray("fields").stream()
                .allMatch(f -> f.asDocument().getNumber("count").intValue() <= 100));
        assertEquals(1000, fixture.json("/schema").getNumber("sampled").intValue());
    }

    @Test
    void bad_input_is_a_400_naming_the_parameter() {
        Map<String, String> cases = Map.of(
                "/schema?sample=0",
                "sample",
                "/schema?sample=10001",
                "sample",
                "/schema?sample=x",
                "sample",
                "/schema?filter=" + InsightFixture.encode("{\"a\""),
                "filter");
        cases.forEach((path, parameter) -> {
            HttpResponse<String> response = fixture.get(path);
            assertEquals(400, response.statusCode(), path + ": " + response.body());
            assertEquals(
                    parameter,
                    BsonDocument.parse(response.body())
                            .getDocument("error")
                            .getString("parameter")
                            .getValue());
        });
    }
}
