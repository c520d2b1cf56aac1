package org.inventory.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreLocation;
import org.inventory.testkit.RawWebSocket;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.StoreProcess;
import org.inventory.testkit.TestEnv;

/**
 * The server's warm-up after a start, as a rolling deploy or a crash restart meets it: a fresh server started as
 * users start it ({@code docker/run_server} with the image's environment), the embedded in-memory store in a process
 * of its own (as {@link IngestBenchmark} runs it, on its own CPU), and a fleet of devices ({@link FleetClient}: many
 * connections, one record per message, each waiting for its ack) that starts sending as soon as the server answers.
 * It prints, per window of 25,000 records from the first message, the server's CPU per record (and its JIT
 * compiler's part) and the p99 of the acks; the time from the server's start to its first answered message; the
 * steady state (the median of the last 100,000 records' windows); the first window's CPU against it; and after how
 * many records every later window stays within 20 % of it.
 *
 * <p>Variants of the server's JVM options ({@code JAVA_OPTS} after the image's own) are compared in one run: each
 * round starts a fresh server for every variant, the variants taking turns to go first, and each figure is shown as a
 * ratio to the first variant's in the same round (the median of the rounds). The default variants: without the
 * ahead-of-time cache ({@code -XX:AOTMode=off}), with it (the default, no options), and the same two with G1 instead
 * of the parallel collector that {@code run_server} picks for MongoDB. Other variants: {@code BENCHMARK_VARIANTS} as
 * {@code name=options|name=options}.
 * Arguments: {@code [records per run] [rounds] [fleet connections]}. From the project root, after packaging:
 * <pre>./mvnw -B -q package -DskipTests && ./mvnw -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=WarmupBenchmark [-Dbenchmark.args="400000 3 1000"]</pre>
 */
public final class WarmupBenchmark {
    private static final int WINDOW = 25_000;
    /** The windows that make the steady state: the last 100,000 records of a run. */
    private static final int STEADY_WINDOWS = 4;

    private static final double WITHIN = 1.20;
    private static final String COLLECTION = "bench_warmup";
    /** The image's JVM options (docker/Dockerfile); a variant's come after them. */
    private static final String IMAGE_JAVA_OPTS = "-XX:MaxRAMPercentage=75";

    /**
     * The store's JVM: {@link IngestBenchmark#STORE_JVM}'s young generation that holds a run's records, without its
     * 4 GiB touched at start-up, which took over a minute on a loaded machine. Only the server's CPU is measured here.
     */
    private static final String[] STORE_JVM = {
        "-Xms3g", "-Xmx3g", "-Xmn2g", "-XX:+UseSerialGC", "-XX:MaxTenuringThreshold=0"
    };

    private static final String DEFAULT_VARIANTS = "no AOT cache=-XX:AOTMode=off|AOT cache (the default)="
            + "|G1, no AOT cache=-XX:+UseG1GC -XX:AOTMode=off|G1, AOT cache=-XX:+UseG1GC";

    private WarmupBenchmark() {}

    /** A way to start the server: a name and the JVM options it adds. */
    private record Variant(String name, String options) {}

    /** One fresh server's run: its start-up, and per window its CPU per record, its compiler's part and the ack p99. */
    @SuppressWarnings("ArrayRecordComponent") // printed, never compared or hashed
    private record Run(double firstAnswerSeconds, double[] cpuMicros, double[] jitMicros, double[] p99Millis) {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        if (records % WINDOW != 0 || records < 2 * STEADY_WINDOWS * WINDOW) {
            throw new IllegalArgumentException("records: a multiple of " + WINDOW + ", at least "
                    + 2 * STEADY_WINDOWS * WINDOW + " (the steady state is the last " + STEADY_WINDOWS * WINDOW + ")");
        }
        List<Variant> variants = Stream.of(System.getenv()
                        .getOrDefault("BENCHMARK_VARIANTS", DEFAULT_VARIANTS)
                        .split("\\|"))
                .map(spec -> {
                    int equals = spec.indexOf('=');
                    return equals < 0
                            ? new Variant(spec.strip(), "")
                            : new Variant(
                                    spec.substring(0, equals).strip(),
                                    spec.substring(equals + 1).strip());
                })
                .toList();
        StoreCpu cpus = StoreCpu.fromEnvironment();
        System.out.printf(
                Locale.ROOT,
                "warm-up benchmark: %,d records per run in windows of %,d, a fleet of %,d connections (1 record per"
                        + " message, each waiting for its ack), %d rounds of %d fresh servers, %d cores, %s%n",
                records,
                WINDOW,
                connections,
                rounds,
                variants.size(),
                cpus.cores(),
                cpus.description());
        for (Variant variant : variants) {
            System.out.printf("  %-28s JAVA_OPTS=%s%n", variant.name(), javaOpts(variant));
        }
        var runs = new HashMap<Variant, List<Run>>();
        try (var storeProcess = StoreProcess.inMemory(cpus.storeJvm(STORE_JVM));
                var store = Store.open(StoreLocation.remote(storeProcess.url(), "test"), Duration.ofSeconds(30))) {
            cpus.pin(storeProcess.handle()); // the store on a CPU of its own; the servers start pinned to the others
            for (int round = 0; round < rounds; round++) {
                List<Variant> order = new ArrayList<>(variants);
                // Each variant goes first once in every variants.size() rounds.
                java.util.Collections.rotate(order, -round);
                for (Variant variant : order) {
                    store.database().getCollection(COLLECTION).drop();
                    IngestBenchmark.collectGarbage(storeProcess.handle());
                    var env = new HashMap<>(TestEnv.server(
                            COLLECTION,
                            Map.of(
                                    "MONGODB_URL",
                                    storeProcess.url(),
                                    "LOG_LEVEL",
                                    "WARN",
                                    "JAVA_OPTS",
                                    javaOpts(variant))));
                    Run run = run(env, records, connections);
                    runs.computeIfAbsent(variant, v -> new ArrayList<>()).add(run);
                    System.out.printf(
                            Locale.ROOT,
                            "  round %d, %-28s first answer after %.2f s; µs of server CPU per record by window: %s%n",
                            round + 1,
                            variant.name() + ":",
                            run.firstAnswerSeconds(),
                            Arrays.stream(run.cpuMicros())
                                    .mapToObj(v -> String.format(Locale.ROOT, "%.0f", v))
                                    .reduce((a, b) -> a + " " + b)
                                    .orElse(""));
                }
            }
        }
        print(variants, runs, records / WINDOW);
    }

    private static String javaOpts(Variant variant) {
        return (IMAGE_JAVA_OPTS + " " + variant.options()).strip();
    }

    /**
     * Starts a fresh server, sends one record on one connection until it is answered (the start-up time), then the
     * fleet's records, reading the server's CPU time at every window's end.
     */
    private static Run run(Map<String, String> env, int records, int connections) throws Exception {
        var messages = new ArrayList<List<String>>();
        for (int c = 0; c < connections; c++) {
            messages.add(new ArrayList<>());
        }
        for (int n = 0; n < records; n++) {
            messages.get(n % connections).add(IngestBenchmark.message(n, 1));
        }
        long started = System.nanoTime();
        try (var server = ServerProcess.startAsUsersDo(env)) {
            double firstAnswer = firstAnswer(server, started);
            ProcessHandle process = server.handle();
            try (var fleet = new FleetClient(server.port(), messages)) {
                int windows = records / WINDOW;
                long[] cpu = new long[windows + 1];
                long[] jit = new long[windows + 1];
                cpu[0] = IngestBenchmark.cpuNanos(process);
                jit[0] = IngestBenchmark.compilerNanos(process);
                long[] latencies = fleet.run(WINDOW, answered -> {
                    cpu[answered / WINDOW] = IngestBenchmark.cpuNanos(process);
                    jit[answered / WINDOW] = IngestBenchmark.compilerNanos(process);
                });
                double[] cpuMicros = new double[windows];
                double[] jitMicros = new double[windows];
                double[] p99 = new double[windows];
                for (int w = 0; w < windows; w++) {
                    cpuMicros[w] = (cpu[w + 1] - cpu[w]) / 1e3 / WINDOW;
                    jitMicros[w] = Math.max(0, jit[w + 1] - jit[w]) / 1e3 / WINDOW;
                    long[] window = Arrays.copyOfRange(latencies, w * WINDOW, (w + 1) * WINDOW);
                    Arrays.sort(window);
                    p99[w] = window[(int) (window.length * 0.99)] / 1e6;
                }
                if (fleet.retries() > 0) {
                    System.out.printf("  (%,d messages sent again after \"unavailable\")%n", fleet.retries());
                }
                return new Run(firstAnswer, cpuMicros, jitMicros, p99);
            }
        }
    }

    /** Seconds from {@code started} until a record sent on a new connection is acknowledged, retrying until then. */
    private static double firstAnswer(ServerProcess server, long started) throws IOException, InterruptedException {
        long deadline = started + Duration.ofMinutes(2).toNanos();
        while (true) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited:\n" + server.outputTail());
            }
            try (var socket = RawWebSocket.connect(server.port(), Duration.ofSeconds(30))) {
                String reply = socket.text(IngestBenchmark.record(-1)).reply();
                if (!reply.startsWith("{\"ok\":true")) {
                    throw new IllegalStateException("the first record was refused: " + reply);
                }
                return (System.nanoTime() - started) / 1e9;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no answer within 120 s:\n" + server.outputTail(), notYet);
                }
                // Polling a port that is not open yet: the granularity of the start-up figure.
                Thread.sleep(5);
            }
        }
    }

    private static void print(List<Variant> variants, Map<Variant, List<Run>> runs, int windows) {
        Variant base = variants.getFirst();
        int rounds = runs.get(base).size();
        System.out.println();
        System.out.println("server CPU per record (µs, of it JIT) and ack p99 (ms) per window, the median of "
                + rounds + " rounds; for the variants after the first, the ratio of CPU per record to the first's in"
                + " the same round (median)");
        var header = new StringBuilder(String.format(Locale.ROOT, "%-17s", "records"));
        for (Variant variant : variants) {
            header.append(String.format(Locale.ROOT, " | %-34s", variant.name()));
        }
        System.out.println(header);
        for (int w = 0; w < windows; w++) {
            var line = new StringBuilder(String.format(Locale.ROOT, "%,7d-%,9d", w * WINDOW, (w + 1) * WINDOW));
            for (Variant variant : variants) {
                int window = w;
                double cpu = median(runs.get(variant), run -> run.cpuMicros()[window]);
                double jit = median(runs.get(variant), run -> run.jitMicros()[window]);
                double p99 = median(runs.get(variant), run -> run.p99Millis()[window]);
                String ratio = variant.equals(base)
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " %.2fx",
                                ratioMedian(runs.get(variant), runs.get(base), run -> run.cpuMicros()[window]));
                line.append(String.format(
                        Locale.ROOT,
                        " | %-34s",
                        String.format(Locale.ROOT, "%5.0f (%3.0f) %6.0f ms%s", cpu, jit, p99, ratio)));
            }
            System.out.println(line);
        }
        System.out.println();
        System.out.printf(
                "%-28s %18s %14s %22s %24s %22s%n",
                "variant",
                "first answer (s)",
                "steady (µs)",
                "first 25,000 / steady",
                "within 20 % from record",
                "vs first: start, steady");
        for (Variant variant : variants) {
            List<Run> of = runs.get(variant);
            double steady = steady(of);
            double first = median(of, run -> run.cpuMicros()[0]);
            double[] windowMedians = new double[windows];
            for (int w = 0; w < windows; w++) {
                int window = w;
                windowMedians[w] = median(of, run -> run.cpuMicros()[window]);
            }
            int settled = windows;
            while (settled > 0 && windowMedians[settled - 1] <= WITHIN * steady) {
                settled--;
            }
            String versus = variant.equals(base)
                    ? "-"
                    : String.format(
                            Locale.ROOT,
                            "%.2fx, %.2fx",
                            ratioMedian(of, runs.get(base), Run::firstAnswerSeconds),
                            ratioMedian(of, runs.get(base), WarmupBenchmark::steadyOfRun));
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %18.2f %14.1f %22.2f %24s %22s%n",
                    variant.name(),
                    median(of, Run::firstAnswerSeconds),
                    steady,
                    first / steady,
                    settled == windows ? "not within the run" : String.format(Locale.ROOT, "%,d", settled * WINDOW),
                    versus);
        }
        System.out.println(
                "(steady: the median of the last " + STEADY_WINDOWS + " windows of every round; \"within 20 %"
                        + " from record\": from there on, every window's median CPU per record is at most 1.2x steady)");
    }

    private static double steadyOfRun(Run run) {
        double[] cpu = run.cpuMicros();
        return IngestBenchmark.median(Arrays.stream(cpu, cpu.length - STEADY_WINDOWS, cpu.length)
                .boxed()
                .toList());
    }

    private static double steady(List<Run> runs) {
        var values = new ArrayList<Double>();
        for (Run run : runs) {
            double[] cpu = run.cpuMicros();
            for (int w = cpu.length - STEADY_WINDOWS; w < cpu.length; w++) {
                values.add(cpu[w]);
            }
        }
        return IngestBenchmark.median(values);
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        return IngestBenchmark.median(runs.stream().map(figure::applyAsDouble).toList());
    }

    /** The median over the rounds of a figure's ratio to the base's in the same round. */
    private static double ratioMedian(List<Run> runs, List<Run> base, java.util.function.ToDoubleFunction<Run> figure) {
        var ratios = new ArrayList<Double>();
        for (int r = 0; r < Math.min(runs.size(), base.size()); r++) {
            ratios.add(figure.applyAsDouble(runs.get(r)) / figure.applyAsDouble(base.get(r)));
        }
        return IngestBenchmark.median(ratios);
    }
}
