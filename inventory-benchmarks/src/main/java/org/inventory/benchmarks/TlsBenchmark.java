package org.inventory.benchmarks;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.inventory.testkit.RawWebSocket;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.StoreProcess;
import org.inventory.testkit.TestCertificates;
import org.inventory.testkit.TestEnv;

/**
 * What TLS costs the server. Two servers of this build, started as users start them ({@code docker/run_server}, the
 * packaged jar, no JVM options but the script's), one plain and one with {@code API_TLS_CERT}/{@code API_TLS_KEY} (an
 * EC P-256 certificate of a test authority made by {@code openssl} for the run; TLS 1.3), both storing into the same
 * embedded in-memory store in a process of its own (the store alone on CPU 0 as in {@link IngestBenchmark}, unless
 * {@code BENCHMARK_CPUS=shared}); the clients in this process. Two ways of sending, each to both servers in every
 * round, plain and TLS taking turns to go first:
 * <ul>
 * <li>batches: 100 records (of about 1 KB, {@link IngestBenchmark#record}) per message, 4 connections keeping 16
 * messages in flight each;</li>
 * <li>a fleet: many connections ({@link FleetClient}, over TLS through the JDK's {@code SSLEngine}), each sending
 * single-record messages and waiting for each ack, connected and shaken hands before the clock starts, as devices
 * that stay connected.</li>
 * </ul>
 * Each phase starts on an empty collection with the store's and the server's garbage collected, and prints the
 * records/s and the server process's CPU time per record over the timed window (read from its process handle, as
 * {@link IngestBenchmark} does). Unmeasured warm-up rounds come first. The table gives the medians and the TLS/plain
 * ratios, taken round by round, with their range. Then new TLS connections per second (full handshakes, no session
 * resumed) from 1 and 4 client threads, with the TLS server's CPU per handshake. Clients and servers share this
 * machine's CPUs, so the absolute figures are floors; the ratios are what the run is for.
 * <p>
 * Arguments (all optional): records per batch phase (40000), measured rounds (5), seconds per handshake run (5),
 * fleet connections (1000), records per fleet phase (50000), warm-up rounds (2). From the project root, after
 * packaging the server that {@code docker/run_server} starts:
 * <pre>./mvnw -B -q package -DskipTests && ./mvnw -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=TlsBenchmark [-Dbenchmark.args="40000 5 5 1000 50000 2"]</pre>
 */
public final class TlsBenchmark {
    private static final int BATCH = 100;
    private static final int CONNECTIONS = 4;
    private static final int WINDOW = 16;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String COLLECTION = "tls_benchmark";
    /**
     * The store's JVM: room for a phase's records, the collector the JVM picks for one CPU. Only the servers' CPU is
     * measured here, so unlike {@link IngestBenchmark#STORE_JVM} the heap is not fixed and pre-touched (which took
     * over a minute to start on a loaded machine).
     */
    private static final String[] STORE_JVM = {"-Xmx3g", "-XX:+UseSerialGC"};

    private TlsBenchmark() {}

    /** A server under test: plain ({@code tls} null) or TLS, and its figures per way of sending. */
    private record Target(String name, ServerProcess server, SSLContext tls, Figures batches, Figures fleet) {
        Target(String name, ServerProcess server, SSLContext tls) {
            this(name, server, tls, new Figures(), new Figures());
        }
    }

    /** The measured rounds of one way of sending to one server. */
    private record Figures(List<Double> rates, List<Double> cpuMicros, List<long[]> latencies) {
        Figures() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /** One phase: its rate, the server's CPU per record over the timed window, each ack's latency (the fleet). */
    @SuppressWarnings("ArrayRecordComponent") // printed, never compared
    private record Phase(double rate, double cpuMicros, long[] latencies) {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int handshakeSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int fleet = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int fleetRecords = args.length > 4 ? Integer.parseInt(args[4]) : 50_000;
        int warmUps = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        String unavailable = TestCertificates.unavailable();
        if (unavailable != null) {
            System.out.println("TlsBenchmark: " + unavailable);
            return;
        }
        StoreCpu cpus = StoreCpu.fromEnvironment();
        System.out.printf(
                Locale.ROOT,
                "TLS benchmark: batches of %d records x %,d records, a fleet of %,d connections x %,d records;"
                        + " %d warm-up and %d measured rounds; %d cores, %s%n",
                BATCH,
                records,
                fleet,
                fleetRecords,
                warmUps,
                rounds,
                cpus.cores(),
                cpus.description());
        Path dir = Files.createTempDirectory("tls-benchmark");
        var ca = TestCertificates.authority(dir, "ca");
        var certificate = ca.issue("server", "inventory", 1, "ec");
        SSLContext trusting = TestCertificates.trusting(ca.certificate());
        try (var store = StoreProcess.inMemory(cpus.storeJvm(STORE_JVM));
                MongoClient admin = MongoClients.create(store.url())) {
            cpus.pin(store.handle()); // the store on a CPU of its own; the servers start pinned to the others
            Map<String, String> plainEnv =
                    TestEnv.server(COLLECTION, Map.of("MONGODB_URL", store.url(), "LOG_LEVEL", "WARN"));
            var tlsEnv = new HashMap<>(plainEnv);
            tlsEnv.put("API_TLS_CERT", certificate.certificate().toString());
            tlsEnv.put("API_TLS_KEY", certificate.key().toString());
            try (var plainServer = ServerProcess.startAsUsersDo(plainEnv);
                    var tlsServer = ServerProcess.startAsUsersDo(tlsEnv)) {
                plainServer.awaitHealthy(WAIT);
                tlsServer.awaitHealthy(WAIT, trusting);
                var plain = new Target("plain", plainServer, null);
                var tls = new Target("TLS", tlsServer, trusting);
                String batch = IngestBenchmark.message(0, BATCH);
                String database = new ConnectionString(store.url()).getDatabase();
                for (int round = 1; round <= warmUps + rounds; round++) {
                    boolean measured = round > warmUps;
                    String label = measured ? "round " + (round - warmUps) : "warm-up " + round;
                    List<Target> order = round % 2 == 0 ? List.of(plain, tls) : List.of(tls, plain);
                    for (Target target : order) {
                        empty(admin, database, store, target);
                        Phase phase = batches(target, records, batch);
                        report(label, target, "100 records/message, 4 x 16", phase, measured, target.batches());
                    }
                    for (Target target : order) {
                        empty(admin, database, store, target);
                        Phase phase = fleet(target, fleet, fleetRecords);
                        report(
                                label,
                                target,
                                String.format(Locale.ROOT, "fleet, 1 record/message, %,d x 1", fleet),
                                phase,
                                measured,
                                target.fleet());
                    }
                }
                admin.getDatabase(database).getCollection(COLLECTION).drop();
                System.out.println();
                System.out.printf(
                        "%-36s %12s %12s %17s %13s %13s %17s %22s%n",
                        "path",
                        "plain rec/s",
                        "TLS rec/s",
                        "TLS/plain",
                        "plain CPU",
                        "TLS CPU",
                        "TLS/plain CPU",
                        "ack p50/p99 ms, TLS");
                table("100 records/message, 4 x 16", plain.batches(), tls.batches());
                table(
                        String.format(Locale.ROOT, "fleet, 1 record/message, %,d x 1", fleet),
                        plain.fleet(),
                        tls.fleet());
                System.out.println("(medians of the measured rounds; a ratio is the median of the rounds' ratios, their"
                        + " range in brackets; CPU: the server process's per record, over the timed window)");
                System.out.println();
                handshakes(tlsServer, trusting, 1, Duration.ofSeconds(1), false);
                for (int threads : new int[] {1, 4}) {
                    handshakes(tlsServer, trusting, threads, Duration.ofSeconds(handshakeSeconds), true);
                }
            }
        }
    }

    /** An empty collection, and the store's and the server's garbage collected: each phase starts alike. */
    private static void empty(MongoClient admin, String database, StoreProcess store, Target target) throws Exception {
        admin.getDatabase(database).getCollection(COLLECTION).drop();
        IngestBenchmark.collectGarbage(store.handle());
        IngestBenchmark.collectGarbage(target.server().handle());
    }

    private static void report(
            String round, Target target, String path, Phase phase, boolean measured, Figures figures) {
        String latencies =
                phase.latencies().length == 0 ? "" : ", acks p50/p99 " + percentiles(List.of(phase.latencies()));
        System.out.printf(
                Locale.ROOT,
                "  %-9s %-5s %-36s %,9.0f records/s, server CPU %5.1f µs/record%s%n",
                round,
                target.name(),
                path,
                phase.rate(),
                phase.cpuMicros(),
                latencies);
        if (measured) {
            figures.rates().add(phase.rate());
            figures.cpuMicros().add(phase.cpuMicros());
            figures.latencies().add(phase.latencies());
        }
    }

    private static void table(String path, Figures plain, Figures tls) {
        var rateRatios = new ArrayList<Double>();
        var cpuRatios = new ArrayList<Double>();
        for (int r = 0; r < plain.rates().size(); r++) {
            rateRatios.add(100 * tls.rates().get(r) / plain.rates().get(r));
            cpuRatios.add(tls.cpuMicros().get(r) / plain.cpuMicros().get(r));
        }
        System.out.printf(
                Locale.ROOT,
                "%-36s %,12.0f %,12.0f %17s %10.1f µs %10.1f µs %17s %22s%n",
                path,
                IngestBenchmark.median(plain.rates()),
                IngestBenchmark.median(tls.rates()),
                spread(rateRatios, "%.0f%%"),
                IngestBenchmark.median(plain.cpuMicros()),
                IngestBenchmark.median(tls.cpuMicros()),
                spread(cpuRatios, "%.2fx"),
                tls.latencies().stream().allMatch(l -> l.length == 0) ? "-" : percentiles(tls.latencies()));
    }

    /** "94% (85-102%)": the median and the range. */
    private static String spread(List<Double> values, String format) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(
                Locale.ROOT,
                format + " (" + format.replace("%%", "").replace("x", "") + "-" + format + ")",
                IngestBenchmark.median(sorted),
                sorted.getFirst(),
                sorted.getLast());
    }

    private static String percentiles(List<long[]> latencies) {
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (all.length == 0) {
            return "-";
        }
        return String.format(
                Locale.ROOT, "%.1f / %.1f", all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
    }

    /** Records per second over {@link #CONNECTIONS} connections, each keeping {@link #WINDOW} messages in flight. */
    private static Phase batches(Target target, int records, String message) throws Exception {
        int port = target.server().port();
        int messagesPerConnection = records / BATCH / CONNECTIONS;
        ExecutorService threads = Executors.newFixedThreadPool(CONNECTIONS);
        List<RawWebSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                sockets.add(
                        target.tls() == null
                                ? RawWebSocket.connect(port, WAIT)
                                : RawWebSocket.connectTls(port, WAIT, target.tls()));
            }
            long cpu = IngestBenchmark.cpuNanos(target.server().handle());
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (RawWebSocket socket : sockets) {
                done.add(threads.submit(() -> {
                    int sent = 0;
                    for (; sent < Math.min(WINDOW, messagesPerConnection); sent++) {
                        socket.text(message);
                    }
                    for (int answered = 0; answered < messagesPerConnection; answered++) {
                        String reply = socket.reply();
                        if (!reply.startsWith("{\"ok\":true")) {
                            throw new IllegalStateException("refused: " + reply);
                        }
                        if (sent < messagesPerConnection) {
                            socket.text(message);
                            sent++;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpuNanos = IngestBenchmark.cpuNanos(target.server().handle()) - cpu;
            int sentRecords = messagesPerConnection * CONNECTIONS * BATCH;
            return new Phase(sentRecords / seconds, cpuNanos / 1e3 / sentRecords, new long[0]);
        } finally {
            for (RawWebSocket socket : sockets) {
                socket.close();
            }
            threads.shutdownNow();
        }
    }

    /** {@code connections} devices sending {@code records} single-record messages in all, each waiting for each ack. */
    private static Phase fleet(Target target, int connections, int records) throws Exception {
        var messages = new ArrayList<List<String>>();
        for (int c = 0; c < connections; c++) {
            messages.add(new ArrayList<>());
        }
        for (int n = 0; n < records; n++) {
            messages.get(n % connections).add(IngestBenchmark.message(n, 1));
        }
        try (var devices = new FleetClient(target.server().port(), target.tls(), messages)) {
            long cpu = IngestBenchmark.cpuNanos(target.server().handle());
            long start = System.nanoTime();
            long[] latencies = devices.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpuNanos = IngestBenchmark.cpuNanos(target.server().handle()) - cpu;
            return new Phase(records / seconds, cpuNanos / 1e3 / records, latencies);
        }
    }

    /**
     * Full TLS handshakes per second, each connection's session invalidated so that none is resumed; prints the rate
     * and the server's CPU per handshake when {@code print} (not for a warm-up).
     */
    private static void handshakes(
            ServerProcess server, SSLContext tls, int threadCount, Duration duration, boolean print) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(threadCount);
        AtomicLong count = new AtomicLong();
        long cpu = IngestBenchmark.cpuNanos(server.handle());
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threadCount; i++) {
                done.add(threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        try (var socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
                            // Else a handshake flight written in parts waits for the delayed ACK (some 40 ms).
                            socket.setTcpNoDelay(true);
                            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
                            socket.startHandshake();
                            socket.getSession().invalidate();
                        }
                        count.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpuNanos = IngestBenchmark.cpuNanos(server.handle()) - cpu;
        if (print) {
            System.out.printf(
                    Locale.ROOT,
                    "new TLS connections (full handshake), %d client thread%s: %,.0f/s, server CPU %.0f µs each%n",
                    threadCount,
                    threadCount == 1 ? "" : "s",
                    count.get() / seconds,
                    cpuNanos / 1e3 / count.get());
        }
    }
}
