package org.inventory.server.access;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What access control costs a message on ingest ({@link IngestGrant#admit}), in ns per record of 100 of the ingest
 * benchmark's ~1 KB records: an open ingest scope ({@code open}), a named credential without constraints
 * ({@code credential}), and one whose {@code ingest_filter} holds three conditions: an equality, a range and an
 * {@code $in} ({@code filter3}), or with a regular expression for the {@code $in} ({@code filter3regex}); every record
 * matches. In the same package as the class it measures, for its package-private constructor. From the project
 * root, after {@code ./mvnw -B -q -pl inventory-benchmarks -am package -DskipTests}:
 * <pre>java -jar inventory-benchmarks/target/benchmarks.jar IngestGrantJmh [-f 1 -wi 2 -i 3]</pre>
 */
@org.openjdk.jmh.annotations.State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class IngestGrantJmh {
    private static final int RECORDS = 100;

    @Param({"open", "credential", "filter3", "filter3regex"})
    public String grant;

    private IngestGrant admitting;
    private List<RawBsonDocument> records;
    private Audit audit;

    @Setup
    public void setUp() throws Exception {
        byte[] batch = IngestBenchmark.message(0, RECORDS).getBytes(StandardCharsets.UTF_8);
        records = new RecordParser(RECORDS).parse(batch, 0, batch.length);
        audit = Audit.to(Optional.empty(), Clock.systemUTC());
        String filter = switch (grant) {
            case "filter3" ->
                ",\"ingest_filter\":{\"category\":\"fasteners\",\"quantity\":{\"$gte\":0},\"warehouse\":{\"$in\":"
                        + "[\"WH-0\",\"WH-1\",\"WH-2\",\"WH-3\",\"WH-4\",\"WH-5\",\"WH-6\",\"WH-7\",\"WH-8\",\"WH-9\","
                        + "\"WH-10\",\"WH-11\"]}}";
            case "filter3regex" ->
                ",\"ingest_filter\":{\"category\":{\"$exists\":true},\"quantity\":{\"$gte\":0},"
                        + "\"warehouse\":{\"$regex\":\"^WH-\"}}";
            default -> "";
        };
        Path file = Files.createTempFile("credentials", ".jsonl");
        Files.writeString(
                file,
                "{\"name\":\"bench\",\"sha256\":\"" + Credential.hashHex("bench-token") + "\",\"scopes\":[\"ingest\"]"
                        + filter + "}\n");
        AccessControl access = AccessControl.fromFile(file, 30, audit);
        Files.delete(file);
        admitting = grant.equals("open")
                ? IngestGrant.ANYONE
                : access.ingestGrant(Optional.of("Bearer bench-token"), "127.0.0.1");
        if (admitting.admit(records) != null) {
            throw new IllegalStateException("the records must pass the " + grant + " grant");
        }
    }

    @TearDown
    public void tearDown() {
        audit.close();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public Object admit() {
        return admitting.admit(records);
    }
}
