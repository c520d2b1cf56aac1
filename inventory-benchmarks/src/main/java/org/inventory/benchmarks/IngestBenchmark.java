package org.inventory.benchmarks;

import com.mongodb.client.model.InsertManyOptions;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.RawBsonDocument;
import org.inventory.core.RecordParser;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreLocation;
import org.inventory.testkit.ChildProcesses;
import org.inventory.testkit.RawHttp;
import org.inventory.testkit.RawWebSocket;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.StoreProcess;
import org.inventory.testkit.TestEnv;

/**
 * Ingest throughput end to end against the raw driver, in one run. The embedded in-memory store runs in
 * a process of its own and the server in another, started as users start it ({@code docker/run_server}, the
 * packaged jar, no options but the script's defaults), so the server's CPU time per record can be read from its
 * process alone; this process is the clients.
 *
 * <p>Paths, repeated in rounds so that a slow moment of the machine falls on all of them: the raw driver's
 * unordered {@code insertMany} of 100 records from 4 threads (first and last in each round); then the server
 * with 100 records per message and with 1 record per message, each over 4 connections keeping 16 messages in
 * flight (the loader's default window); and a fleet: many connections, each sending single records and waiting
 * for each ack before the next (a device's way), whose ack latency is printed too. Every path starts on an
 * empty store, with the garbage of the path before it collected in the store and the server.
 * Given another checkout of the project (built), its server runs the same paths through its own
 * {@code docker/run_server}, against the same store, and the table shows this build's rate as a ratio to that
 * one's. Ratios are taken round by round (to the raw path: to its two runs in the same round), and shown as their
 * median and range.
 * Arguments: {@code [records per path] [rounds] [fleet connections] [baseline checkout]}. From the project root,
 * after packaging the server that {@code docker/run_server} starts:
 * <pre>./build -B -q package -DskipTests && ./build -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=IngestBenchmark [-Dbenchmark.args="100000 7 1000"]</pre>
 */
public final class IngestBenchmark {
    private static final int BATCH = 100;
    private static final int RAW_THREADS = 4;
    /**
     * The store's JVM: a fixed heap, touched at start-up, so that its CPU pays for neither growing nor first
     * touching it; and a young generation that holds a whole phase, so that it does not collect during one.
     * Under G1's defaults, the store spent about half of its CPU in young collections copying the records it
     * had just stored (it keeps them all on its heap) from survivor space to survivor space, and how much
     * depended on the pace of the client: that is garbage collection of a Java stand-in, work MongoDB does
     * not do, and it blurred the comparison. A collection that does come (a larger phase) promotes the
     * records at once instead of copying them up to 15 times; Serial is the collector the JVM itself picks for
     * one CPU, which the store has.
     */
    static final String[] STORE_JVM = {
        "-Xms4g", "-Xmx4g", "-Xmn3g", "-XX:+UseSerialGC", "-XX:MaxTenuringThreshold=0", "-XX:+AlwaysPreTouch"
    };
    /**
     * Unmeasured rounds first, while the JIT compiles: with one, the compiler still took a quarter of the server's CPU
     * in the next. A server with one CPU (the compiler competing with the server for it) spent 101, 67, 49, 48 and 43
     * µs per fleet record in five successive rounds.
     */
    private static final int WARM_UP_ROUNDS = 3;
    /**
     * More warm-up rounds while a server's JIT compiler threads took more than this share of its CPU in a path of
     * the last one, up to {@link #MAX_WARM_UP_ROUNDS}: after three rounds the compiler still took up to 17 % of the
     * server's CPU, 13 s at a time, in the fleet's measured rounds (tier-4 compiles of the driver's code, which runs
     * once per store write and so reaches its thresholds last). A server that runs for hours has none of it.
     */
    private static final double JIT_QUIET = 0.03;

    private static final int MAX_WARM_UP_ROUNDS = 10;
    private static final List<String> COLLECTIONS = List.of("bench_raw", "bench_server");

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int fleet = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        java.util.Optional<Path> baseline =
                args.length > 3 ? java.util.Optional.of(Path.of(args[3])) : java.util.Optional.empty();
        StoreCpu cpus = StoreCpu.fromEnvironment();
        System.out.printf(
                "ingest benchmark: %,d records of ~%d bytes per path, a fleet of %,d connections, %d rounds, %d cores, %s%n",
                records, record(0).length(), fleet, rounds, cpus.cores(), cpus.description());

        var allPaths = Map.of(
                "batched", new ClientPath("100 records/message, 4 x 16 in flight", BATCH, 4, 16),
                "single", new ClientPath("1 record/message, 4 x 16 in flight", 1, 4, 16),
                "fleet",
                        new ClientPath(
                                String.format(Locale.ROOT, "fleet: 1 record/message, %,d x 1", fleet), 1, fleet, 1));
        // One path alone, e.g. to profile it: BENCHMARK_PATHS=fleet.
        var paths = Stream.of(System.getenv()
                        .getOrDefault("BENCHMARK_PATHS", "batched,single,fleet")
                        .split(","))
                .map(name -> java.util.Objects.requireNonNull(allPaths.get(name.strip()), "no path " + name))
                .toList();
        try (var storeProcess = StoreProcess.inMemory(cpus.storeJvm(STORE_JVM));
                var store = Store.open(StoreLocation.remote(storeProcess.url(), "test"), Duration.ofSeconds(30))) {
            var serverEnv = new java.util.HashMap<>(
                    TestEnv.server("bench_server", Map.of("MONGODB_URL", storeProcess.url(), "LOG_LEVEL", "WARN")));
            // To profile this build's server: BENCHMARK_RECORDING=server.jfr (JFR's profile settings, written at the
            // end),
            // and JVM options of its own, e.g. BENCHMARK_SERVER_JAVA_OPTS=-XX:+PreserveFramePointer for perf.
            String recording = System.getenv("BENCHMARK_RECORDING");
            String options = System.getenv().getOrDefault("BENCHMARK_SERVER_JAVA_OPTS", "")
                    + (recording != null ? " -XX:StartFlightRecording=settings=profile" : "");
            var thisEnv = new java.util.HashMap<>(serverEnv);
            if (!options.isBlank()) {
                thisEnv.put("JAVA_OPTS", options.strip());
            }
            // The store gets a CPU of its own, the same for the raw path and the server's; the server, the clients
            // and the raw driver share the others.
            cpus.pin(storeProcess.handle());
            // BENCHMARK_DEVICE_PORT=1: this build's clients send to its device port (INVENTORY_DEVICE_PORT); with this
            // checkout as the baseline, the table then compares the device port with the API port in one run.
            OptionalInt devicePort = "1".equals(System.getenv("BENCHMARK_DEVICE_PORT"))
                    ? OptionalInt.of(freePort())
                    : OptionalInt.empty();
            devicePort.ifPresent(port -> thisEnv.put("INVENTORY_DEVICE_PORT", Integer.toString(port)));
            var servers = new ArrayList<Target>();
            servers.add(new Target(
                    devicePort.isPresent() ? "server, device port" : "server",
                    ServerProcess.startAsUsersDo(thisEnv),
                    devicePort,
                    paths));
            if (baseline.isPresent()) {
                servers.add(new Target(
                        "baseline",
                        ServerProcess.startScript(
                                baseline.get().resolve("docker/run_server").toAbsolutePath(), serverEnv),
                        OptionalInt.empty(),
                        paths));
            }
            var raw = new Phase("raw driver insertMany, 100/call, 4 threads");
            var phases = new ArrayList<Phase>(List.of(raw));
            for (Target target : servers) {
                target.server.awaitHealthy(Duration.ofSeconds(60));
                phases.addAll(target.phases);
            }
            // Unmeasured warm-up rounds of each path (the JIT compiles while they run), then the measured rounds.
            int warmUps = 0;
            boolean warm = false;
            for (int round = 1; round <= rounds; ) {
                boolean measured = warm;
                double jit = 0; // the largest share of a server's CPU its JIT compiler took in a path of this round
                // The raw path runs first and last in the round: a drift of the machine within it falls on both sides.
                measureRaw(store, storeProcess.handle(), raw, measured, records);
                // This build and the baseline take turns to go first: the store served the second one faster or
                // slower than the first in some runs, for the same bytes.
                for (Target target : (round + warmUps) % 2 == 0 ? servers : servers.reversed()) {
                    ProcessHandle process = target.server.handle();
                    for (int p = 0; p < paths.size(); p++) {
                        ClientPath path = paths.get(p);
                        emptyStore(store, storeProcess.handle());
                        collectGarbage(process);
                        Timing timing = timeServer(
                                target.ingestPort(), records, path, new Window(process, storeProcess.handle()));
                        target.phases.get(p).add(measured, records, timing);
                        jit = Math.max(jit, timing.jitShare());
                    }
                }
                measureRaw(store, storeProcess.handle(), raw, measured, records);
                if (measured) {
                    round++;
                } else if (++warmUps >= WARM_UP_ROUNDS) {
                    warm = jit <= JIT_QUIET || warmUps == MAX_WARM_UP_ROUNDS;
                    System.out.printf(
                            Locale.ROOT,
                            "  (the JIT compiler took up to %.1f%% of a server's CPU in a path%s)%n",
                            100 * jit,
                            warm ? "" : ": one more warm-up round");
                }
            }
            System.out.println();
            System.out.printf(
                    "%-58s %10s %15s %17s %12s %10s %12s %12s %20s%n",
                    "path",
                    "records/s",
                    "vs raw",
                    "vs baseline",
                    "server CPU",
                    "of it JIT",
                    "store CPU",
                    "client CPU",
                    "ack p50 / p99 ms");
            for (Phase phase : phases) {
                String versusRaw = "-";
                String versusBaseline = "-";
                if (phase != raw) {
                    // Each round's rate against the raw path's two runs around it: the machine's drift from round
                    // to round (the raw path's own rate varied by up to 2x in one run) then cancels out.
                    var ratios = new ArrayList<Double>();
                    for (int r = 0; r < rounds; r++) {
                        ratios.add(100 * phase.rates.get(r) / ((raw.rates.get(2 * r) + raw.rates.get(2 * r + 1)) / 2));
                    }
                    versusRaw = spread(ratios, "%.0f%%");
                }
                if (servers.size() > 1 && servers.getFirst().phases.contains(phase)) {
                    Phase base =
                            servers.get(1).phases.get(servers.getFirst().phases.indexOf(phase));
                    var ratios = new ArrayList<Double>();
                    for (int r = 0; r < rounds; r++) {
                        ratios.add(phase.rates.get(r) / base.rates.get(r));
                    }
                    versusBaseline = spread(ratios, "%.2fx");
                }
                System.out.printf(
                        "%-58s %,10.0f %15s %17s %12s %10s %12s %12s %20s%n",
                        phase.name,
                        phase.rate(),
                        versusRaw,
                        versusBaseline,
                        phase == raw ? "-" : micros(phase.cpuMicrosPerRecord()),
                        phase == raw ? "-" : micros(phase.jitMicrosPerRecord()),
                        micros(phase.storeMicrosPerRecord()),
                        micros(phase.clientMicrosPerRecord()),
                        phase.latencies());
            }
            System.out.println(
                    "(medians of the measured rounds; a ratio is the median of the rounds' ratios, their range in"
                            + " brackets; CPU per record: of the server's process, of the store's, and of this one: the clients or the"
                            + " raw driver; ack latency over every message of the measured rounds)");
            if (recording != null) {
                run(
                        1,
                        "the flight recording could not be written",
                        Path.of(ChildProcesses.javaCommand())
                                .resolveSibling("jcmd")
                                .toString(),
                        Long.toString(servers.getFirst().server.pid()),
                        "JFR.dump",
                        "filename=" + Path.of(recording).toAbsolutePath());
                System.out.println(
                        "the server's flight recording: " + Path.of(recording).toAbsolutePath());
            }
            for (Target target : servers) {
                target.server.close();
            }
        }
    }

    private static String micros(double value) {
        return String.format(Locale.ROOT, "%.1f µs", value);
    }

    /** The middle value (the mean of the two middle ones for an even count): one slow round moves it little. */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The median of the values and their range, as in "94% (85-102%)". */
    private static String spread(List<Double> values, String format) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(
                Locale.ROOT,
                format + " (" + format.replace("%%", "").replace("x", "") + "-" + format + ")",
                median(sorted),
                sorted.getFirst(),
                sorted.getLast());
    }

    /** Drops what the phases stored and collects the store's garbage: every phase starts on an empty store. */
    private static void emptyStore(Store store, ProcessHandle storeProcess) throws IOException, InterruptedException {
        for (String collection : COLLECTIONS) {
            store.database().getCollection(collection).drop();
        }
        collectGarbage(storeProcess);
    }

    /**
     * A full collection in the process, with the JDK's jcmd, so that a phase does not pay for the garbage the
     * one before it left (as JMH collects between iterations).
     */
    static void collectGarbage(ProcessHandle process) throws IOException, InterruptedException {
        ChildProcesses.collectGarbage(process.pid());
    }

    /** Runs the command until it exits 0, at most {@code attempts} times; fails with {@code failure} and its output. */
    private static void run(int attempts, String failure, String... command) throws IOException, InterruptedException {
        String output = "";
        for (int attempt = 0; attempt < attempts; attempt++) {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() == 0) {
                return;
            }
        }
        throw new IllegalStateException(failure + ": " + output);
    }

    /** How clients send: records per message, connections, and messages each keeps unanswered. */
    private record ClientPath(String name, int perMessage, int connections, int window) {}

    /** A server under test and its figures, one phase per client path. */
    private static final class Target {
        private final ServerProcess server;
        private final OptionalInt devicePort;
        private final List<Phase> phases = new ArrayList<>();

        Target(String name, ServerProcess server, OptionalInt devicePort, List<ClientPath> paths) {
            this.server = server;
            this.devicePort = devicePort;
            for (ClientPath path : paths) {
                phases.add(new Phase(name + ", " + path.name()));
            }
        }

        /** Where its clients send: its device port if it has one, else its API port. */
        int ingestPort() {
            return devicePort.orElse(server.port());
        }
    }

    /** A port no one listens on now, for the device port of a server to be started. */
    static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** About 1 KB of plausible inventory record. */
    public static String record(int n) {
        return "{\"sku\":\"SKU-" + (100000 + n) + "\",\"name\":\"Stainless steel hex bolt M8x40, pack of 50\","
                + "\"category\":\"fasteners\",\"quantity\":" + (n % 977) + ",\"price\":{\"amount\":"
                + (n % 5000) / 100.0
                + ",\"currency\":\"EUR\"},\"warehouse\":\"WH-" + (n % 12) + "\",\"location\":{\"aisle\":" + (n % 40)
                + ",\"shelf\":" + (n % 8) + ",\"bin\":\"B" + (n % 100)
                + "\"},\"tags\":[\"metal\",\"hardware\",\"bulk\"],"
                + "\"updated_at\":\"2026-11-28T12:00:00Z\",\"supplier\":{\"name\":\"Acme Industrial Supply GmbH\","
                + "\"country\":\"DE\",\"lead_time_days\":14},\"description\":\"Hex head bolt with full thread, DIN 933,"
                + " stainless steel A2, for general construction and machinery. Stored dry; sold in packs of fifty."
                + " Replaces older item numbers from the 2019 catalogue; check compatibility with washers and nuts of"
                + " the same grade before substituting in assemblies that carry load.\",\"min_stock\":100,"
                + "\"reorder\":false,\"barcode\":\"4006381333931\",\"weight_kg\":0.021,\"dimensions\":{\"l\":40,\"d\":8},"
                + "\"history\":[{\"at\":\"2026-11-01T08:00:00Z\",\"event\":\"received\",\"quantity\":" + (n % 300)
                + "},"
                + "{\"at\":\"2026-11-20T15:30:00Z\",\"event\":\"counted\",\"quantity\":" + (n % 977)
                + ",\"by\":\"stocktake-7\"}],"
                + "\"certifications\":[\"ISO 3506-1\",\"RoHS\",\"REACH\"],\"hazardous\":false}";
    }

    /** The message of {@code count} records from record {@code first}: the record alone, or a batch of them. */
    public static String message(int first, int count) {
        if (count == 1) {
            return record(first);
        }
        var json = new StringBuilder("[");
        for (int n = first; n < first + count; n++) {
            json.append(n > first ? "," : "").append(record(n));
        }
        return json.append(']').toString();
    }

    private static void measureRaw(Store store, ProcessHandle storeProcess, Phase raw, boolean measured, int records)
            throws Exception {
        emptyStore(store, storeProcess);
        raw.add(measured, records, timeRaw(store, records, RAW_THREADS, new Window(null, storeProcess)));
    }

    /**
     * How long a phase took, the CPU this process (the clients, or the raw driver) spent meanwhile, and each
     * message's ack latency in nanoseconds (none for the raw path).
     */
    @SuppressWarnings("ArrayRecordComponent") // printed, never compared or hashed
    private record Timing(
            double seconds, long clientNanos, long serverNanos, long compilerNanos, long storeNanos, long[] latencies) {
        /** The share of the server's CPU its JIT compiler threads took. */
        double jitShare() {
            return serverNanos == 0 ? 0 : (double) Math.max(0, compilerNanos) / serverNanos;
        }
    }

    /**
     * The clock and the CPU times of a phase, from {@link #start} to {@link #stop}: the window in which the
     * clients send and are answered. Connecting and upgrading a fleet's 1,000 connections before it, and closing
     * them after it, are outside it for the server's CPU too, as they are for the clock: devices stay connected.
     */
    private static final class Window {
        private final ProcessHandle server; // none for the raw path
        private final ProcessHandle store;
        private long start;
        private long client;
        private long serverCpu;
        private long compiler;
        private long storeCpu;

        Window(ProcessHandle server, ProcessHandle store) {
            this.server = server;
            this.store = store;
        }

        void start() {
            client = cpuNanos(ProcessHandle.current());
            serverCpu = server == null ? 0 : cpuNanos(server);
            compiler = server == null ? 0 : compilerNanos(server);
            storeCpu = cpuNanos(store);
            start = System.nanoTime();
        }

        Timing stop(long[] latencies) {
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Timing(
                    seconds,
                    cpuNanos(ProcessHandle.current()) - client,
                    server == null ? 0 : cpuNanos(server) - serverCpu,
                    server == null ? 0 : compilerNanos(server) - compiler,
                    cpuNanos(store) - storeCpu,
                    latencies);
        }
    }

    private static Timing timeRaw(Store store, int count, int threads, Window window) throws Exception {
        var parser = new RecordParser(BATCH);
        var collection = store.database().getCollection("bench_raw", RawBsonDocument.class);
        var options = new InsertManyOptions().ordered(false);
        // Built before the clock starts: the raw path pays only for the driver and the store.
        List<List<RawBsonDocument>> batches = new ArrayList<>();
        for (int i = 0; i < count; i += BATCH) {
            batches.add(parser.parse(message(i, Math.min(BATCH, count - i))));
        }
        window.start();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    for (int b = first; b < batches.size(); b += threads) {
                        collection.insertMany(batches.get(b), options);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        return window.stop(new long[0]);
    }

    /** Sends {@code count} records the path's way. */
    private static Timing timeServer(int port, int count, ClientPath path, Window window) throws Exception {
        var messages = new ArrayList<List<String>>();
        for (int c = 0; c < path.connections(); c++) {
            messages.add(new ArrayList<>());
        }
        for (int i = 0, n = 0; n < count; i++, n += path.perMessage()) {
            messages.get(i % path.connections()).add(message(n, Math.min(path.perMessage(), count - n)));
        }
        if (path.window() == 1) {
            try (var fleet = new FleetClient(port, messages)) {
                window.start();
                long[] latencies = fleet.run();
                return window.stop(latencies);
            }
        }
        var clients = new ArrayList<Pipeline>();
        for (List<String> stream : messages) {
            clients.add(new Pipeline(port, stream, path.window()));
        }
        window.start();
        clients.forEach(Pipeline::start);
        for (Pipeline client : clients) {
            client.await();
        }
        return window.stop(clients.stream()
                .flatMapToLong(client -> java.util.Arrays.stream(client.latencies))
                .toArray());
    }

    static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /**
     * The CPU time of the process's JIT compiler threads (HotSpot names them "C1 CompilerThread…" and "C2
     * CompilerThread…"), read from Linux's /proc (0 elsewhere). A compiler thread that ended takes its time with it.
     */
    static long compilerNanos(ProcessHandle process) {
        long ticks = 0;
        try (var threads = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path thread : threads.toList()) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    // After the name: state is field 3 of proc(5)'s stat, utime and stime fields 14 and 15.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
        return ticks * 10_000_000L; // in clock ticks of 1/100 s (USER_HZ)
    }

    /**
     * One connection that keeps up to {@code window} messages unanswered and checks every reply is ok. Its
     * frames are encoded and masked before the clock starts, as the raw path's documents are built before
     * it: the clients then take little of the CPU the server and the store share (real clients run on
     * other machines).
     */
    private static final class Pipeline {
        private final Socket socket;
        private final List<byte[]> frames = new ArrayList<>();
        private final Semaphore window;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        /** Per message: when it was sent, then, once answered, how long its ack took. */
        private final long[] latencies;

        Pipeline(int port, List<String> messages, int window) throws IOException {
            this.window = new Semaphore(window);
            this.latencies = new long[messages.size()];
            for (String message : messages) {
                frames.add(RawWebSocket.encode(
                        0x80 | RawWebSocket.TEXT,
                        message.getBytes(StandardCharsets.UTF_8),
                        true,
                        RawWebSocket.MINIMAL_LENGTH));
            }
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.getOutputStream()
                    .write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String head = RawHttp.readHead(socket.getInputStream());
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("upgrade refused: " + head);
            }
        }

        void start() {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < frames.size(); i++) {
                        window.acquire();
                        latencies[i] = System.nanoTime();
                        socket.getOutputStream().write(frames.get(i));
                    }
                } catch (Exception e) {
                    done.completeExceptionally(e);
                }
            });
            Thread.ofVirtual().start(this::readReplies);
        }

        void await() throws Exception {
            done.get(10, TimeUnit.MINUTES);
            socket.close();
        }

        private void readReplies() {
            try {
                var in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                for (int answered = 0; answered < frames.size(); answered++) {
                    int opcode = in.readUnsignedByte() & 0x0F;
                    long length = in.readUnsignedByte() & 0x7F;
                    length = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
                    byte[] payload = in.readNBytes((int) length);
                    String reply = new String(payload, StandardCharsets.UTF_8);
                    if (opcode != 0x1 || !reply.startsWith("{\"ok\":true")) {
                        throw new IllegalStateException("refused: opcode " + opcode + ", " + reply);
                    }
                    // Replies come in order; the writer set the send time before the message could be answered.
                    latencies[answered] = System.nanoTime() - latencies[answered];
                    window.release();
                }
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }
    }

    /** The figures of one path, summed over the measured rounds. */
    private static final class Phase {
        private final String name;
        private final List<Double> rates = new ArrayList<>();
        private final List<Double> cpuMicros = new ArrayList<>();
        private final List<Double> jitMicros = new ArrayList<>();
        private final List<Double> storeMicros = new ArrayList<>();
        private final List<Double> clientMicros = new ArrayList<>();
        private final List<long[]> latencies = new ArrayList<>();

        Phase(String name) {
            this.name = name;
        }

        void add(boolean measured, int count, Timing timing) {
            long cpu = timing.serverNanos();
            long storeCpu = timing.storeNanos();
            double elapsed = timing.seconds();
            if (measured) {
                rates.add(count / elapsed);
                cpuMicros.add(cpu / 1e3 / count);
                jitMicros.add(timing.compilerNanos() / 1e3 / count);
                storeMicros.add(storeCpu / 1e3 / count);
                clientMicros.add(timing.clientNanos() / 1e3 / count);
                latencies.add(timing.latencies());
            }
            System.out.printf(
                    "  %-42s %,9d records in %6.2f s = %,9.0f records/s%s, store CPU %.1f, client CPU %.1f µs/record%n",
                    name + (measured ? "" : " (warm-up)"),
                    count,
                    elapsed,
                    count / elapsed,
                    cpu > 0
                            ? String.format(
                                    Locale.ROOT,
                                    ", server CPU %.1f (JIT %.1f)",
                                    cpu / 1e3 / count,
                                    timing.compilerNanos() / 1e3 / count)
                            : "",
                    storeCpu / 1e3 / count,
                    timing.clientNanos() / 1e3 / count);
        }

        double rate() {
            return median(rates);
        }

        double cpuMicrosPerRecord() {
            return median(cpuMicros);
        }

        double jitMicrosPerRecord() {
            return median(jitMicros);
        }

        double storeMicrosPerRecord() {
            return median(storeMicros);
        }

        double clientMicrosPerRecord() {
            return median(clientMicros);
        }

        /** The p50 and p99 of every message's ack latency in the measured rounds, "-" for the raw path. */
        String latencies() {
            long[] all = latencies.stream()
                    .flatMapToLong(java.util.Arrays::stream)
                    .sorted()
                    .toArray();
            if (all.length == 0) {
                return "-";
            }
            return String.format(
                    Locale.ROOT, "%.1f / %.1f", all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
        }
    }
}
