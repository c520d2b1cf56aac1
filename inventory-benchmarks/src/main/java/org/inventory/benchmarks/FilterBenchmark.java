package org.inventory.benchmarks;

import java.util.List;
import java.util.Locale;
import org.inventory.core.query.FilterSpec;

/**
 * How many filters per second the filter parser and validator take on one core, not a test: a mix of what people
 * send (equality, ranges, $in lists, $or, $elemMatch, $regex, Extended JSON values), parsed again and again on one
 * thread, after a warm-up. From the project root:
 * <pre>./build -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=FilterBenchmark</pre>
 */
public final class FilterBenchmark {
    private static final List<String> FILTERS = List.of(
            "{\"category\":\"tools\"}",
            "{\"category\":\"tools\",\"quantity\":{\"$gte\":10,\"$lt\":500}}",
            "{\"warehouse\":{\"$in\":[\"WH-1\",\"WH-2\",\"WH-3\",\"WH-7\"]},\"price.amount\":{\"$lte\":99.5}}",
            "{\"$or\":[{\"tags\":\"spare\"},{\"tags\":{\"$all\":[\"steel\",\"kit\"]}}],\"discontinued\":{\"$ne\":true}}",
            "{\"lines\":{\"$elemMatch\":{\"sku\":\"SKU-00000042\",\"qty\":{\"$gt\":2}}}}",
            "{\"name\":{\"$regex\":\"^cord\",\"$options\":\"i\"},\"supplier.country\":{\"$exists\":true}}",
            "{\"_id\":{\"$gt\":{\"$oid\":\"5f1d7f1e2b3c4d5e6f708191\"}},\"updated_at\":{\"$gte\":{\"$date\":\"2026-01-01T00:00:00Z\"}}}",
            "{\"price.amount\":{\"$not\":{\"$gt\":{\"$numberDecimal\":\"1000.00\"}}},\"quantity\":{\"$type\":\"int\"}}");

    public static void main(String[] args) {
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += FilterSpec.parse(FILTERS.get(i % FILTERS.size())).filter().size();
        }
        System.out.printf(
                Locale.ROOT,
                "%nfilter parser and validator, one thread, %d kinds of filter taking turns:%n",
                FILTERS.size());
        for (int round = 1; round <= 5; round++) {
            long start = System.nanoTime();
            int count = 0;
            while (System.nanoTime() - start < 1_000_000_000L) {
                for (String filter : FILTERS) {
                    sink += FilterSpec.parse(filter).filter().size();
                    count++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: %,.0f filters/s%n", round, count / seconds);
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
