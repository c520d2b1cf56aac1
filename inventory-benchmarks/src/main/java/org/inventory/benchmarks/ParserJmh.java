package org.inventory.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.RawBsonDocument;
import org.inventory.core.RecordParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ingest parser ({@link RecordParser}) alone: one UTF-8 message of the ingest benchmark's ~1 KB records turned
 * into BSON, as the server does for every message, in µs per message. From the project root, after
 * {@code ./build -B -q -pl inventory-benchmarks -am package -DskipTests}:
 * <pre>java -jar inventory-benchmarks/target/benchmarks.jar ParserJmh [-p records=1,100] [-f 1 -wi 2 -i 3]</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ParserJmh {
    /** Records per message: one alone, or a batch as the loader sends them. */
    @Param({"1", "100"})
    public int records;

    private RecordParser parser;
    private byte[] message;

    @Setup
    public void setUp() {
        parser = new RecordParser(Math.max(records, 1));
        message = IngestBenchmark.message(0, records).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public List<RawBsonDocument> parse() throws Exception {
        return parser.parse(message, 0, message.length);
    }
}
