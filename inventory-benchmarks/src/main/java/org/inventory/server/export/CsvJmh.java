package org.inventory.server.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.RawBsonDocument;
import org.inventory.benchmarks.IngestBenchmark;
import org.inventory.core.RecordParser;
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
 * The export's CSV rows ({@link CsvWriter}), in ns per row: 100 of the ingest benchmark's ~1 KB records (as stored:
 * BSON bytes) written as rows to a writer that keeps nothing. {@code top} names top-level fields only (read straight
 * from the BSON bytes, nested values as JSON), {@code dotted} adds dotted columns (the record decoded to reach inside).
 * In the export's package, as {@code CsvWriter} is the package's own. From the project root, after
 * {@code ./build -B -q -pl inventory-benchmarks -am package -DskipTests}:
 * <pre>java -jar inventory-benchmarks/target/benchmarks.jar CsvJmh [-p columns=top] [-f 1 -wi 2 -i 3]</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CsvJmh {
    private static final int RECORDS = 100;
    private static final List<String> TOP = List.of(
            "_id",
            "sku",
            "name",
            "category",
            "quantity",
            "price",
            "warehouse",
            "tags",
            "description",
            "reorder",
            "weight_kg",
            "history");
    private static final List<String> DOTTED = List.of(
            "_id",
            "sku",
            "name",
            "quantity",
            "price.amount",
            "price.currency",
            "location.aisle",
            "supplier.name",
            "description");

    @Param({"top", "dotted"})
    public String columns;

    private List<RawBsonDocument> records;
    private CsvWriter csv;
    private Counting out;

    @Setup
    public void setUp() throws Exception {
        byte[] batch = IngestBenchmark.message(0, RECORDS).getBytes(StandardCharsets.UTF_8);
        records = new RecordParser(RECORDS).parse(batch, 0, batch.length);
        out = new Counting();
        csv = new CsvWriter(out, columns.equals("top") ? TOP : DOTTED);
        csv.header();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long rows() throws IOException {
        for (RawBsonDocument record : records) {
            csv.row(record);
        }
        return out.chars;
    }

    /** Counts what is written and keeps none of it: the rows' cost without the socket's. */
    private static final class Counting extends Writer {
        long chars;

        @Override
        public void write(int c) {
            chars++;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            chars += length;
        }

        @Override
        public void write(String text, int offset, int length) {
            chars += length;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
