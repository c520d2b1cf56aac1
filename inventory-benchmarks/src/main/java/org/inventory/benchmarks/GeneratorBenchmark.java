package org.inventory.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.inventory.filler.generate.RecordGenerator;

/**
 * Measures how fast {@link RecordGenerator} makes messages on one thread: records/s and MB/s of JSON (UTF-8),
 * by the wall clock and by the thread's CPU time (which other processes on a busy machine do not distort).
 * From the project root:
 * {@code ./build -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=GeneratorBenchmark [-Dbenchmark.args="records batch-size"]}.
 */
public final class GeneratorBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private GeneratorBenchmark() {}

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        var generator = new RecordGenerator(42);
        // Warm-up rounds let the JIT compile the hot paths before the measured ones.
        for (int round = 1; round <= 5; round++) {
            long bytes = 0;
            long start = System.nanoTime();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            for (long first = 0; first < records; first += batchSize) {
                int count = (int) Math.min(batchSize, records - first);
                String message = generator.message(first, count, batchSize > 1);
                // Encoding is part of the cost: the WebSocket client sends UTF-8.
                bytes += message.getBytes(StandardCharsets.UTF_8).length;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "round %d: %,d records, %.0f bytes/record; wall %.2f s: %,.0f records/s,"
                            + " %.1f MB/s; cpu %.2f s: %,.0f records/s, %.1f MB/s%n",
                    round,
                    records,
                    (double) bytes / records,
                    seconds,
                    records / seconds,
                    bytes / seconds / 1e6,
                    cpuSeconds,
                    records / cpuSeconds,
                    bytes / cpuSeconds / 1e6);
        }
    }
}
