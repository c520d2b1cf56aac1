package org.inventory.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.inventory.core.RecordParser;

/**
 * The ingest parser alone, on one thread: UTF-8 messages of the ingest benchmark's ~1 KB records turned into
 * BSON, as the server does for every message. Prints the median of the rounds in µs of this thread's CPU time
 * per record and MB/s of JSON. Arguments: {@code [records per message] [rounds] [seconds per round] [baseline classes]}.
 *
 * <p>With a fourth argument, the compiled classes of another build of inventory-core (a directory holding
 * {@code org/inventory/core/...}, an older commit's, say), both parsers run in this one process, in alternating
 * rounds (which goes first alternates too), and the ratio of their medians is printed: a change's cost measured
 * on the same machine at the same moment, not against a figure from another day.
 *
 * <p>From the project root:
 * <pre>./mvnw -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=ParserBenchmark [-Dbenchmark.args="100 7 2"]</pre>
 * {@link ParserJmh} measures the same under JMH.
 */
public final class ParserBenchmark {
    private static final int MESSAGES = 1_000;
    /** Rounds are timed in this thread's CPU time: on a shared machine, time spent waiting for a CPU is not the parser's. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ParserBenchmark() {}

    public static void main(String[] args) throws Throwable {
        int perMessage = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 2;
        int maxBatch = Math.max(perMessage, 1);
        List<Side> sides = new ArrayList<>();
        sides.add(new Side("this build", parse(RecordParser.class, maxBatch)));
        if (args.length > 3) {
            var classes = Path.of(args[3]).toAbsolutePath().toUri().toURL();
            sides.add(new Side(
                    "baseline", parse(new CoreFirst(classes).loadClass(RecordParser.class.getName()), maxBatch)));
        }
        List<byte[]> messages = new ArrayList<>();
        long bytes = 0;
        for (int m = 0; m < MESSAGES; m++) {
            byte[] utf8 = IngestBenchmark.message(m * perMessage, perMessage).getBytes(StandardCharsets.UTF_8);
            messages.add(utf8);
            bytes += utf8.length;
        }
        System.out.printf(
                "parser benchmark: %,d messages of %d records (%,d bytes of JSON in all), %d rounds of %.1f s after one to warm up%s%n",
                MESSAGES,
                perMessage,
                bytes,
                rounds,
                seconds,
                sides.size() > 1 ? ", this build and the baseline " + args[3] + " alternating" : "");
        for (int round = 0; round <= rounds; round++) {
            for (int i = 0; i < sides.size(); i++) {
                Side side = sides.get((i + round) % sides.size());
                long passes = 0;
                long records = 0;
                long start = System.nanoTime();
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                long deadline = start + (long) (seconds * 1e9);
                while (System.nanoTime() < deadline) {
                    for (byte[] message : messages) {
                        Object parsed = side.parse.invokeExact(message, 0, message.length);
                        records += ((List<?>) parsed).size();
                    }
                    passes++;
                }
                double elapsed = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
                double micros = elapsed * 1e6 / records;
                System.out.printf(
                        "  round %d%s, %s: %.3f µs per record, %,.0f MB/s (%.0f %% of the round on a CPU)%n",
                        round,
                        round == 0 ? " (warm-up)" : "",
                        side.name,
                        micros,
                        passes * bytes / elapsed / 1e6,
                        100 * elapsed / ((System.nanoTime() - start) / 1e9));
                if (round > 0) {
                    side.perRecord.add(micros);
                }
            }
        }
        for (Side side : sides) {
            double median = IngestBenchmark.median(side.perRecord);
            System.out.printf(
                    "median, %s: %.3f µs per record of ~%d bytes, %,.0f MB/s%n",
                    side.name,
                    median,
                    bytes / MESSAGES / perMessage,
                    bytes / (double) (MESSAGES * perMessage) / median);
        }
        if (sides.size() > 1) {
            System.out.printf(
                    "this build / baseline, time per record: %.3f%n",
                    IngestBenchmark.median(sides.get(0).perRecord) / IngestBenchmark.median(sides.get(1).perRecord));
        }
    }

    /** A parser's {@code parse(byte[], int, int)}, bound to a new parser, as {@code (byte[], int, int) -> Object}. */
    private static MethodHandle parse(Class<?> parserClass, int maxBatch) throws Throwable {
        var lookup = MethodHandles.publicLookup();
        Object parser = lookup.findConstructor(parserClass, MethodType.methodType(void.class, int.class))
                .invoke(maxBatch);
        return lookup.findVirtual(
                        parserClass, "parse", MethodType.methodType(List.class, byte[].class, int.class, int.class))
                .bindTo(parser)
                .asType(MethodType.methodType(Object.class, byte[].class, int.class, int.class));
    }

    private record Side(String name, MethodHandle parse, List<Double> perRecord) {
        Side(String name, MethodHandle parse) {
            this(name, parse, new ArrayList<>());
        }
    }

    /** Loads inventory-core's classes from its own directory first; the rest (the BSON library) as this build does. */
    private static final class CoreFirst extends URLClassLoader {
        CoreFirst(URL classes) {
            super(new URL[] {classes}, ParserBenchmark.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.inventory.core.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
