package org.inventory.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.inventory.filler.FillCommand;
import org.inventory.filler.Filler;
import org.inventory.filler.generate.RecordGenerator;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;

/**
 * The import against the generated path, in one run: the same records (one seed), sent to the same server (embedded
 * in-memory store), in alternating rounds; then the loader's heap, in a JVM of its own with {@code -Xmx256m}, while
 * it reads and checks ({@code --dry-run}: the in-memory store could not hold a million records) a file of about
 * {@code megabytes} MB written on the fly to a temporary folder (deleted after).
 * Args: {@code [records=100000] [rounds=3] [megabytes=1024]}. From the project root:
 * <pre>./build -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=ImportBenchmark [-Dbenchmark.args="100000 3 1024"]</pre>
 */
public final class ImportBenchmark {
    private static final String COLLECTION = "import_benchmark";

    private ImportBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long megabytes = args.length > 2 ? Long.parseLong(args[2]) : 1024;
        Path dir = Files.createTempDirectory("import-benchmark");
        try (var server = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION)))) {
            Path file = writeNdjson(dir.resolve("records.ndjson"), records, 7, Long.MAX_VALUE);
            var ratios = new ArrayList<Double>();
            for (int round = 1; round <= rounds; round++) {
                double generated = rate(server, "--count", Integer.toString(records), "--seed", "7");
                double imported = rate(server, "--file", file.toString());
                ratios.add(imported / generated);
                System.out.printf(
                        Locale.ROOT,
                        "round %d: generated %,.0f records/s, import %,.0f records/s: %.2fx%n",
                        round,
                        generated,
                        imported,
                        imported / generated);
            }
            System.out.printf(
                    Locale.ROOT,
                    "import/generated over %d rounds of %,d records: median %.2fx (%s)%n",
                    rounds,
                    records,
                    ratios.stream().sorted().toList().get(rounds / 2),
                    ratios.stream()
                            .map(r -> String.format(Locale.ROOT, "%.2f", r))
                            .toList());
            Files.delete(file);
            if (megabytes > 0) {
                heap(writeNdjson(dir.resolve("big.ndjson"), Integer.MAX_VALUE, 8, megabytes * 1_000_000));
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static double rate(InventoryServer server, String... what) {
        TestStore.emptyCollection(COLLECTION);
        var args = new ArrayList<>(List.of(what));
        args.addAll(List.of("--url", Filler.url(server.port()), "--connections", "2", "--quiet"));
        var filler = Filler.with(args.toArray(String[]::new));
        if (filler.run() != 0) {
            throw new IllegalStateException(filler.transcript());
        }
        return filler.summary().count() / filler.seconds();
    }

    /** Runs the loader with -Xmx256m in a JVM of its own ({@link HeapProbe}) and prints what it reports. */
    private static void heap(Path file) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        HeapProbe.class.getName(),
                        "--file",
                        file.toString(),
                        "--dry-run")
                .inheritIO()
                .start();
        int exit = process.waitFor();
        System.out.printf(
                Locale.ROOT, "dry-run import of %,.0f MB with -Xmx256m: exit %d%n", Files.size(file) / 1e6, exit);
    }

    /** NDJSON of generated records: {@code count} of them, or as many as fit in {@code bytes}. */
    private static Path writeNdjson(Path file, int count, long seed, long bytes) throws IOException {
        var generator = new RecordGenerator(seed);
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count && written < bytes; i++) {
                String line = generator.record(i);
                out.write(line);
                out.write('\n');
                written += line.length() + 1;
            }
        }
        return file;
    }

    /** The loader in this JVM, with the peak heap in use and the peak live heap (after collections) printed at the end. */
    public static final class HeapProbe {
        private HeapProbe() {}

        public static void main(String[] args) {
            var peakUsed = new long[1];
            var sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakUsed[0] = Math.max(
                            peakUsed[0],
                            ManagementFactory.getMemoryMXBean()
                                    .getHeapMemoryUsage()
                                    .getUsed());
                    try {
                        Thread.sleep(Duration.ofMillis(50));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long start = System.nanoTime();
            int exit = FillCommand.commandLine().execute(args);
            sampler.interrupt();
            long live = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    live += pool.getCollectionUsage().getUsed();
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "loader heap: peak in use %.0f MiB (garbage included), in use after the last"
                            + " collection %.0f MiB, max %.0f MiB; %.0f s%n",
                    peakUsed[0] / 1048576.0,
                    live / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0,
                    (System.nanoTime() - start) / 1e9);
            System.exit(exit);
        }
    }
}
