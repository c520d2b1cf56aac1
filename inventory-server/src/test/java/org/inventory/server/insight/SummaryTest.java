package org.inventory.server.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /summary}: its figures are what counting {@code /export}'s records of the same filter gives. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SummaryTest {
    private static final List<String> PATHS = List.of("category", "warehouse.code", "status", "nowhere", "quantity");
    private static final List<String> FILTERS = List.of(
            "",
            "{\"status\":\"low_stock\"}",
            "{\"quantity\":{\"$gt\":100}}",
            "{\"category\":null}",
            "{\"warehouse.code\":{\"$in\":[\"W1\",\"W2\"]}}");
    private static InsightFixture fixture;

    @BeforeAll
    static void start() {
        fixture = InsightFixture.start("summary");
        fixture.store(InsightFixture.records(3000, 29));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** Expected figures of one group, counted in Java over the exported records. */
    private static final class Tally {
        long count;
        double sum;
        long numbers;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void add(BsonValue quantity) {
            count++;
            if (quantity != null && quantity.isNumber()) {
                double value = quantity.asNumber().doubleValue();
                sum += value;
                numbers++;
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
    }

    /** A property over generated records: random group paths, filters, limits and orders, each checked against /export. */
    @Test
    void every_summary_equals_the_counts_of_its_export() {
        var random = new Random(2029);
        for (int round = 0; round < 30; round++) {
            List<String> group = new ArrayList<>(List.of(PATHS.get(random.nextInt(PATHS.size()))));
            if (random.nextBoolean()) {
                String second = PATHS.get(random.nextInt(PATHS.size()));
                if (!group.contains(second)) {
                    group.add(second);
                }
            }
            String filter = FILTERS.get(random.nextInt(FILTERS.size()));
            int limit = 1 + random.nextInt(12);
            check(group, filter, limit, round);
        }
    }

    private static void check(List<String> group, String filter, int limit, int round) {
        String query = "/summary?group=" + String.join(",", group)
                + "&count&sum=quantity&avg=quantity&min=quantity&max=quantity" + "&limit=" + limit
                + (filter.isEmpty() ? "" : "&filter=" + InsightFixture.encode(filter));
        String what = "round " + round + ": " + query;
        List<BsonDocument> records = fixture.export(filter.isEmpty() ? null : filter);
        Map<List<BsonValue>, Tally> expected = new HashMap<>();
        for (BsonDocument record : records) {
            List<BsonValue> key = group.stream().map(path -> at(record, path)).toList();
            expected.computeIfAbsent(key, k -> new Tally()).add(at(record, "quantity"));
        }
        BsonDocument summary = fixture.json(query);
        assertEquals(
                new BsonArray(group.stream()
                        .map(p -> (BsonValue) new org.bson.BsonString(p))
                        .toList()),
                summary.getArray("group"),
                what);
        List<BsonDocument> rows =
                summary.getArray("rows").stream().map(BsonValue::asDocument).toList();
        List<BsonDocument> top =
                rows.stream().filter(row -> !row.containsKey("other")).toList();
        assertEquals(Math.min(limit, expected.size()), top.size(), what);
        long shown = 0;
        long previous = Long.MAX_VALUE;
        for (BsonDocument row : top) {
            List<BsonValue> key = group.stream().map(path -> row.get(path)).toList();
            Tally tally = expected.get(key);
            assertTrue(tally != null, what + ": no such group in the export: " + row);
            long count = row.getNumber("count").longValue();
            assertEquals(tally.count, count, what + " " + row);
            assertTrue(count <= previous, what + ": not by -count");
            previous = count;
            shown += count;
            assertFigures(tally, row, what);
        }
        List<Long> counts = expected.values().stream()
                .map(t -> t.count)
                .sorted(Comparator.reverseOrder())
                .toList();
        assertEquals(
                counts.subList(0, top.size()),
                top.stream().map(r -> r.getNumber("count").longValue()).toList(),
                what);
        boolean hasOther = rows.size() > top.size();
        assertEquals(expected.size() > limit, hasOther, what);
        if (hasOther) {
            BsonDocument other = rows.getLast();
            assertTrue(other.getBoolean("other").getValue(), what);
            assertEquals(records.size() - shown, other.getNumber("count").longValue(), what);
            var rest = new Tally();
            var shownKeys = top.stream()
                    .map(row -> group.stream().map(row::get).toList())
                    .toList();
            expected.forEach((key, tally) -> {
                if (!shownKeys.contains(key)) {
                    rest.count += tally.count;
                    rest.sum += tally.sum;
                    rest.numbers += tally.numbers;
                    rest.min = Math.min(rest.min, tally.min);
                    rest.max = Math.max(rest.max, tally.max);
                }
            });
            assertFigures(rest, other, what);
        }
    }

    private static void assertFigures(Tally tally, BsonDocument row, String what) {
        if (tally.numbers == 0) {
            for (String column : List.of("sum_quantity", "avg_quantity", "min_quantity", "max_quantity")) {
                assertTrue(row.get(column).isNull(), what + ": " + column + " of no number is null: " + row);
            }
            return;
        }
        assertEquals(tally.sum, row.getNumber("sum_quantity").doubleValue(), 1e-6, what);
        assertEquals(tally.sum / tally.numbers, row.getNumber("avg_quantity").doubleValue(), 1e-6, what);
        assertEquals(tally.min, row.getNumber("min_quantity").doubleValue(), 1e-9, what);
        assertEquals(tally.max, row.getNumber("max_quantity").doubleValue(), 1e-9, what);
    }

    /** The value at a dotted path, BSON null when it is missing or null (as a summary groups them). */
    static BsonValue at(BsonDocument record, String path) {
        BsonValue value = record;
        for (String part : path.split("\\.", -1)) {
            if (value == null || !value.isDocument()) {
                return BsonNull.VALUE;
            }
            value = value.asDocument().get(part);
        }
        return value == null ? BsonNull.VALUE : value;
    }

    @Test
    void a_path_that_is_never_a_number_sums_to_null_not_an_error() {
        BsonDocument summary = fixture.json("/summary?group=status&sum=sku&sort=key");
        List<BsonValue> rows = summary.getArray("rows").getValues();
        assertEquals(
                InsightFixture.STATUSES.stream().sorted().toList(),
                rows.stream()
                        .map(r -> r.asDocument().getString("status").getValue())
                        .toList());
        rows.forEach(row -> assertTrue(row.asDocument().get("sum_sku").isNull(), row.toString()));
    }

    @Test
    void sorts_by_key_and_by_an_aggregate() {
        List<BsonValue> byKey = fixture.json("/summary?group=warehouse.code&sort=-key")
                .getArray("rows")
                .getValues();
        // Descending: strings before null.
        assertEquals(
                List.of("W3", "W2", "W1", "W0"),
                byKey.subList(0, 4).stream()
                        .map(r -> r.asDocument().getString("warehouse.code").getValue())
                        .toList());
        assertTrue(byKey.get(4).asDocument().get("warehouse.code").isNull());
        List<Double> sums =
                fixture.json("/summary?group=warehouse.code&sum=quantity&sort=-sum_quantity").getArray("rows").stream()
                        .map(r -> r.asDocument().getNumber("sum_quantity").doubleValue())
                        .toList();
        assertEquals(sums.stream().sorted(Comparator.reverseOrder()).toList(), sums);
    }

    @Test
    void csv_and_ndjson_carry_the_same_rows() {
        String query = "/summary?group=category,status&sum=quantity&limit=5";
        List<BsonValue> rows = fixture.json(query).getArray("rows").getValues();
        HttpResponse<String> ndjson = fixture.get(query + "&format=ndjson");
        assertEquals(
                "application/x-ndjson",
                ndjson.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(
                rows,
                ndjson.body()
                        .lines()
                        .map(line -> (BsonValue) BsonDocument.parse(line))
                        .toList());
        HttpResponse<String> csv = fixture.get(query + "&format=csv");
        List<String> lines = csv.body().lines().toList();
        assertEquals("category,status,count,sum_quantity,other", lines.getFirst());
        assertEquals(rows.size() + 1, lines.size());
        assertTrue(lines.getLast().endsWith(",true"), lines.getLast());
        for (int i = 0; i < rows.size(); i++) {
            assertTrue(
                    lines.get(i + 1)
                            .contains(","
                                    + rows.get(i)
                                            .asDocument()
                                            .getNumber("count")
                                            .longValue() + ","),
                    lines.get(i + 1));
        }
    }

    @Test
    void arrival_buckets_count_records_by_the_time_of_their_object_id_zero_buckets_included() {
        fixture.empty();
        try {
            Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(30, ChronoUnit.MINUTES);
            var records = new ArrayList<Document>();
            int[] perMinute = {3, 0, 5, 1};
            for (int minute = 0; minute < perMinute.length; minute++) {
                for (int i = 0; i < perMinute[minute]; i++) {
                    Instant at = base.plus(minute, ChronoUnit.MINUTES).plusSeconds(i * 7L);
                    records.add(new Document("_id", new ObjectId((int) at.getEpochSecond(), minute * 100 + i))
                            .append("status", i % 2 == 0 ? "a" : "b"));
                }
            }
            records.add(new Document("_id", "not-an-object-id"));
            fixture.store(records);
            String range =
                    "&from=" + base + "&to=" + base.plus(3, ChronoUnit.MINUTES).plusSeconds(30);
            BsonDocument summary = fixture.json("/summary?group=@arrival:minute" + range);
            assertEquals(
                    "@arrival:minute",
                    summary.getArray("group").get(0).asString().getValue());
            List<BsonDocument> rows =
                    summary.getArray("rows").stream().map(BsonValue::asDocument).toList();
            assertEquals(4, rows.size());
            for (int minute = 0; minute < 4; minute++) {
                assertEquals(
                        base.plus(minute, ChronoUnit.MINUTES).toString(),
                        rows.get(minute).getString("start").getValue());
                assertEquals(
                        perMinute[minute], rows.get(minute).getNumber("count").intValue());
            }
            BsonDocument filtered = fixture.json("/summary?group=@arrival:minute" + range + "&filter="
                    + InsightFixture.encode("{\"status\":\"a\"}"));
            assertEquals(
                    List.of(2, 0, 3, 1),
                    filtered.getArray("rows").stream()
                            .map(r -> r.asDocument().getNumber("count").intValue())
                            .toList());
            // The defaults: the last 60 minutes by minute (61 buckets: the current minute is included), 48 hours by
            // hour.
            assertEquals(
                    61,
                    fixture.json("/summary?group=@arrival:minute")
                            .getArray("rows")
                            .size());
            assertEquals(
                    49,
                    fixture.json("/summary?group=@arrival:hour")
                            .getArray("rows")
                            .size());
            long lastHour = fixture.json("/summary?group=@arrival:hour").getArray("rows").stream()
                    .mapToLong(r -> r.asDocument().getNumber("count").longValue())
                    .sum();
            assertEquals(9, lastHour);
        } finally {
            fixture.empty();
            fixture.store(InsightFixture.records(3000, 29));
        }
    }

    @Test
    void bad_input_is_a_400_naming_the_parameter() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/summary", "group");
        cases.put("/summary?group=", "group");
        cases.put("/summary?group=a..b", "group");
        cases.put("/summary?group=$a", "group");
        cases.put("/summary?group=a,b,c", "group");
        cases.put("/summary?group=@arrival:week", "group");
        cases.put("/summary?group=a&limit=0", "limit");
        cases.put("/summary?group=a&limit=1001", "limit");
        cases.put("/summary?group=a&limit=x", "limit");
        cases.put("/summary?group=a&sort=price", "sort");
        cases.put("/summary?group=a&sum=b&sort=-sum_c", "sort");
        cases.put("/summary?group=a&sum=", "sum");
        cases.put("/summary?group=a&filter=" + InsightFixture.encode("{\"a\":"), "filter");
        cases.put("/summary?group=a&filter=" + InsightFixture.encode("{\"$where\":\"1\"}"), "filter");
        cases.put("/summary?group=a&format=xml", "format");
        cases.put("/summary?group=@arrival:minute&from=2026-12-07T10:00:00Z&to=2026-12-07T09:00:00Z", "from");
        cases.put("/summary?group=@arrival:minute&from=yesterday", "from");
        cases.put("/summary?group=@arrival:minute&from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z", "from");
        cases.put("/summary?group=@arrival:minute&limit=3", "limit");
        cases.put("/summary?group=a&from=soon", "from");
        cases.forEach((path, parameter) -> {
            HttpResponse<String> response = fixture.get(path);
            assertEquals(400, response.statusCode(), path + ": " + response.body());
            BsonDocument error = BsonDocument.parse(response.body()).getDocument("error");
            assertEquals("invalid_parameter", error.getString("code").getValue(), path);
            assertEquals(parameter, error.getString("parameter").getValue(), path + ": " + response.body());
        });
        // Exactly 10,000 buckets is allowed.
        assertEquals(
                200,
                fixture.get("/summary?group=@arrival:hour&from=2026-01-01T00:00:00Z&to=2027-02-21T15:00:00Z")
                        .statusCode());
        assertFalse(fixture.get("/summary?group=@arrival:hour&from=2026-01-01T00:00:00Z&to=2027-02-21T16:00:00Z")
                        .statusCode()
                == 200);
    }
}
