package org.inventory.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.RawBsonDocument;
import org.inventory.core.RecordParser;
import org.inventory.core.query.FilterMatcher;
import org.inventory.core.query.FilterSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The live feed's filter matcher ({@link FilterMatcher}): one filter tried on each of 100 of the ingest benchmark's
 * ~1 KB records (as stored: BSON bytes), in ns per record, for a few kinds of filter people send. From the project
 * root, after {@code ./build -B -q -pl inventory-benchmarks -am package -DskipTests}:
 * <pre>java -jar inventory-benchmarks/target/benchmarks.jar FilterMatcherJmh [-p filter=range] [-f 1 -wi 2 -i 3]</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FilterMatcherJmh {
    private static final int RECORDS = 100;

    @Param({"equality", "range", "in", "or", "elemMatch", "regex", "nested"})
    public String filter;

    private FilterMatcher matcher;
    private List<RawBsonDocument> records;

    @Setup
    public void setUp() throws Exception {
        String json = switch (filter) {
            case "equality" -> "{\"category\":\"fasteners\"}";
            case "range" -> "{\"category\":\"fasteners\",\"quantity\":{\"$gte\":10,\"$lt\":500}}";
            case "in" ->
                "{\"warehouse\":{\"$in\":[\"WH-1\",\"WH-2\",\"WH-3\",\"WH-7\"]},\"price.amount\":{\"$lte\":20.5}}";
            case "or" ->
                "{\"$or\":[{\"tags\":\"spare\"},{\"tags\":{\"$all\":[\"metal\",\"bulk\"]}}],\"reorder\":{\"$ne\":true}}";
            case "elemMatch" -> "{\"history\":{\"$elemMatch\":{\"event\":\"received\",\"quantity\":{\"$gt\":150}}}}";
            case "regex" ->
                "{\"name\":{\"$regex\":\"^stainless\",\"$options\":\"i\"},\"supplier.country\":{\"$exists\":true}}";
            case "nested" ->
                "{\"location.aisle\":{\"$lt\":20},\"dimensions.l\":40,\"supplier.lead_time_days\":{\"$in\":[7,14]}}";
            default -> throw new IllegalArgumentException("no filter " + filter);
        };
        matcher = FilterSpec.parse(json).matcher();
        byte[] batch = IngestBenchmark.message(0, RECORDS).getBytes(StandardCharsets.UTF_8);
        records = new RecordParser(RECORDS).parse(batch, 0, batch.length);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int match() {
        int matched = 0;
        for (RawBsonDocument record : records) {
            if (matcher.matches(record)) {
                matched++;
            }
        }
        return matched;
    }
}
