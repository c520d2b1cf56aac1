package org.inventory.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Scanner;
import java.util.regex.Pattern;
import org.inventory.testkit.ChildProcesses;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.StoreProcess;
import org.inventory.testkit.TestEnv;

/**
 * What an idle ingest connection costs the server, and whether many of them slow the active ones. The embedded
 * in-memory store runs in a process of its own and the server in another, started as users start it
 * ({@code docker/run_server}, the packaged jar) with {@code JAVA_OPTS=-Xmx1g} (or {@code BENCHMARK_SERVER_JAVA_OPTS});
 * this process is the clients.
 *
 * <p>For each count N it opens idle WebSocket connections up to N (one thread over a selector: connect, the
 * opening handshake, then nothing), their client sockets bound to several {@code 127.0.x.y} source addresses, as
 * loopback has some 28,000 to 60,000 ports per source address. It prints the time to open them, and, after a
 * full collection ({@code jcmd GC.run}), the server's live heap (its {@code /metrics}) and resident memory
 * ({@code VmRSS} of {@code /proc/PID/status}) per connection over those of the server with none; then the ack
 * latency (p50, p99) of 100 active devices, each sending single records and waiting for each ack
 * ({@link FleetClient}), while the N sit idle, against the same devices with no idle connection (before the first
 * N and after the last, once the idle ones are closed). With {@code BENCHMARK_HISTOGRAM=1} it prints the classes
 * whose instances grew most per idle connection ({@code jcmd GC.class_histogram}) at the largest N.
 *
 * <p>Each connection takes a file descriptor in the server and one here: both processes need {@code ulimit -n}
 * above N (plus 1,700), and the machine {@code fs.file-max} above twice N. It checks them at start; a count
 * the limits cannot hold is lowered to the largest they can, and says so. The JVM raises its soft limit to the
 * hard one by itself, so it is the hard limit ({@code ulimit -Hn}) that counts.
 *
 * <p>Given another checkout of the project (built), its server is measured the same way after this build's, and
 * the per-connection figures of both are printed side by side.
 * Arguments: {@code [counts, comma-separated] [acks per active device] [baseline checkout]}. From the project
 * root, after packaging the server that {@code docker/run_server} starts:
 * <pre>ulimit -Hn 1048576; ulimit -n 1048576; ./mvnw -B -q package -DskipTests &amp;&amp; ./mvnw -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=IdleConnectionBenchmark [-Dbenchmark.args="10000,100000 50"]</pre>
 */
public final class IdleConnectionBenchmark {
    private static final int ACTIVE = 100;
    /**
     * Descriptors a process needs beside the idle connections: the active devices, and what the server keeps for
     * its store, its files and HTTP (by default it takes ingest connections up to its open-file limit less 1,500;
     * with the device port, that port takes them up to the limit less 2,000).
     */
    private static final int RESERVE = 2200;
    /** Handshakes under way at once: the listener's backlog and the SYN queue are not flooded. */
    private static final int OPENING = 256;
    /** The first source address is 127.0.1.1, so that 127.0.0.1 is left to the active devices. */
    private static final int FIRST_SOURCE = (127 << 24) | (1 << 8) | 1;

    /** 100,000 idle connections need more than a 1 GB heap: e.g. BENCHMARK_SERVER_JAVA_OPTS=-Xmx2g. */
    private static final String SERVER_JAVA_OPTS = System.getenv().getOrDefault("BENCHMARK_SERVER_JAVA_OPTS", "-Xmx1g");

    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private IdleConnectionBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<Integer> counts = Arrays.stream((args.length > 0 ? args[0] : "10000,100000").split(","))
                .map(s -> Integer.parseInt(s.strip()))
                .sorted()
                .toList();
        int acks = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Optional<Path> baseline = args.length > 2 ? Optional.of(Path.of(args[2])) : Optional.empty();
        Limits limits = Limits.read();
        System.out.printf(
                Locale.ROOT,
                "idle connection benchmark: N = %s, %d active devices x %d acks, server JAVA_OPTS=%s%n",
                counts,
                ACTIVE,
                acks,
                SERVER_JAVA_OPTS);
        System.out.print(limits.describe());
        int most = limits.mostConnections();
        List<Integer> feasible =
                counts.stream().map(n -> Math.min(n, most)).distinct().toList();
        if (!feasible.equals(counts)) {
            System.out.printf(
                    Locale.ROOT,
                    "  !! %s cannot be held here: %s. Measuring N = %s instead. For %,d: %s%n",
                    counts,
                    limits.shortfall(counts.getLast()),
                    feasible,
                    counts.getLast(),
                    Limits.howToRaise(counts.getLast()));
        }
        var results = new ArrayList<Result>();
        try (var storeProcess = StoreProcess.inMemory()) {
            var env = new HashMap<>(TestEnv.server(
                    "bench_idle",
                    Map.of("MONGODB_URL", storeProcess.url(), "LOG_LEVEL", "WARN", "JAVA_OPTS", SERVER_JAVA_OPTS)));
            // The device port (INVENTORY_DEVICE_PORT), then the API port's ingest, each on a server of its own.
            int devicePort = IngestBenchmark.freePort();
            var deviceEnv = new HashMap<>(env);
            deviceEnv.put("INVENTORY_DEVICE_PORT", Integer.toString(devicePort));
            results.add(measure(
                    "device port",
                    started(() -> ServerProcess.startAsUsersDo(deviceEnv)),
                    OptionalInt.of(devicePort),
                    feasible,
                    acks));
            results.add(measure(
                    "API port", started(() -> ServerProcess.startAsUsersDo(env)), OptionalInt.empty(), feasible, acks));
            if (baseline.isPresent()) {
                Path script = baseline.get().resolve("docker/run_server").toAbsolutePath();
                results.add(measure(
                        "baseline, API port",
                        started(() -> ServerProcess.startScript(script, env)),
                        OptionalInt.empty(),
                        feasible,
                        acks));
            }
        }
        System.out.println();
        System.out.println(
                "| server | N | open s | live heap / conn | RSS / conn | ack p50 / p99 ms idle | without | p99 ratio |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Result result : results) {
            for (Row row : result.rows) {
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %,d | %.1f | %.2f KiB | %.2f KiB | %.2f / %.2f | %.2f / %.2f | %.2f |%n",
                        result.name,
                        row.n,
                        row.openSeconds,
                        row.heapPerConnection / 1024,
                        row.rssPerConnection / 1024,
                        row.withIdle.p50(),
                        row.withIdle.p99(),
                        result.without.p50(),
                        result.without.p99(),
                        row.withIdle.p99() / result.without.p99());
            }
        }
        System.out.println(
                "(without: the mean of the two runs with no idle connection, before the first N and after the last)");
    }

    /** A server that answers {@code /health}; started again on another port if the one it was given was taken. */
    private static ServerProcess started(Starter starter) throws IOException {
        for (int attempt = 1; ; attempt++) {
            ServerProcess server = starter.start();
            try {
                return server.awaitHealthy(Duration.ofSeconds(60));
            } catch (RuntimeException | AssertionError e) {
                server.close();
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private interface Starter {
        ServerProcess start() throws IOException;
    }

    /** Idle and active devices on {@code devicePort} if given, else on the server's API port. */
    private static Result measure(
            String name, ServerProcess server, OptionalInt devicePort, List<Integer> counts, int acks)
            throws Exception {
        try (server) {
            System.out.printf(Locale.ROOT, "%s (pid %d):%n", name, server.pid());
            int port = devicePort.orElse(server.port());
            // Warm-up: the JIT compiles ingest before anything is measured.
            for (int i = 0; i < 3; i++) {
                activeAcks(port, acks, i);
            }
            long heap0 = server.liveHeapBytes();
            long rss0 = server.procStatusKiB("VmRSS") * 1024;
            Map<String, long[]> histogram0 = histogram() ? classHistogram(server.pid()) : Map.of();
            System.out.printf(
                    Locale.ROOT, "  no idle connection: live heap %.1f MiB, RSS %.1f MiB%n", mib(heap0), mib(rss0));
            Acks without1 = activeAcks(port, acks, 10);
            System.out.printf(
                    Locale.ROOT,
                    "  active devices alone: ack p50 %.2f ms, p99 %.2f ms%n",
                    without1.p50(),
                    without1.p99());
            var rows = new ArrayList<Row>();
            try (var idle = new IdleClients(port)) {
                for (int n : counts) {
                    long started = System.nanoTime();
                    idle.openUpTo(n);
                    double openSeconds = (System.nanoTime() - started) / 1e9;
                    long heap = server.liveHeapBytes();
                    long rss = server.procStatusKiB("VmRSS") * 1024;
                    idle.checkOpen(n);
                    Acks with = activeAcks(port, acks, 20 + n);
                    idle.checkOpen(n);
                    var row = new Row(n, openSeconds, (heap - heap0) / (double) n, (rss - rss0) / (double) n, with);
                    rows.add(row);
                    System.out.printf(
                            Locale.ROOT,
                            "  %,d idle (opened in %.1f s, %.0f/s): live heap %.1f MiB (%.2f KiB each), RSS %.1f MiB"
                                    + " (%.2f KiB each); active devices: ack p50 %.2f ms, p99 %.2f ms%n",
                            n,
                            openSeconds,
                            (n - (rows.size() > 1 ? rows.get(rows.size() - 2).n : 0)) / openSeconds,
                            mib(heap),
                            row.heapPerConnection / 1024,
                            mib(rss),
                            row.rssPerConnection / 1024,
                            with.p50(),
                            with.p99());
                }
                if (histogram()) {
                    printGrowth(histogram0, classHistogram(server.pid()), counts.getLast());
                }
            }
            Acks without2 = activeAcks(port, acks, 30);
            System.out.printf(
                    Locale.ROOT,
                    "  active devices alone again (idle ones closed): ack p50 %.2f ms, p99 %.2f ms%n",
                    without2.p50(),
                    without2.p99());
            var without = new Acks((without1.p50() + without2.p50()) / 2, (without1.p99() + without2.p99()) / 2);
            return new Result(name, rows, without);
        }
    }

    private static boolean histogram() {
        return "1".equals(System.getenv("BENCHMARK_HISTOGRAM"));
    }

    /** 100 devices, each sending {@code acks} single records, one at a time: the p50 and p99 of their acks (ms). */
    private static Acks activeAcks(int port, int acks, int round) throws IOException {
        var messages = new ArrayList<List<String>>();
        for (int d = 0; d < ACTIVE; d++) {
            var stream = new ArrayList<String>();
            for (int k = 0; k < acks; k++) {
                stream.add(IngestBenchmark.message((round * ACTIVE + d) * acks + k, 1));
            }
            messages.add(stream);
        }
        long[] latencies;
        try (var fleet = new FleetClient(port, messages)) {
            latencies = fleet.run();
        }
        Arrays.sort(latencies);
        return new Acks(
                latencies[latencies.length / 2] / 1e6, latencies[(int) Math.ceil(latencies.length * 0.99) - 1] / 1e6);
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024);
    }

    /** Instances and bytes per class, from {@code jcmd PID GC.class_histogram} (which collects first). */
    private static Map<String, long[]> classHistogram(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(ChildProcesses.javaCommand()).resolveSibling("jcmd");
        var finished = ChildProcesses.run(
                List.of(jcmd.toString(), Long.toString(pid), "GC.class_histogram"), Duration.ofMinutes(2));
        var classes = new HashMap<String, long[]>();
        for (String line : finished.stdout().lines().toList()) {
            List<String> parts = BLANKS.splitAsStream(line.strip()).toList();
            if (parts.size() >= 4 && parts.get(0).endsWith(":")) {
                classes.put(parts.get(3), new long[] {Long.parseLong(parts.get(1)), Long.parseLong(parts.get(2))});
            }
        }
        return classes;
    }

    private static void printGrowth(Map<String, long[]> before, Map<String, long[]> after, int n) {
        System.out.printf(
                Locale.ROOT, "  what grew with %,d idle connections (bytes and instances per connection):%n", n);
        after.entrySet().stream()
                .map(e -> {
                    long[] was = before.getOrDefault(e.getKey(), new long[2]);
                    return Map.entry(e.getKey(), new long[] {e.getValue()[0] - was[0], e.getValue()[1] - was[1]});
                })
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(25)
                .forEach(e -> System.out.printf(
                        Locale.ROOT,
                        "    %8.1f B  %5.2f  %s%n",
                        e.getValue()[1] / (double) n,
                        e.getValue()[0] / (double) n,
                        e.getKey()));
    }

    /** Ack latencies in milliseconds. */
    private record Acks(double p50, double p99) {}

    private record Row(int n, double openSeconds, double heapPerConnection, double rssPerConnection, Acks withIdle) {}

    private record Result(String name, List<Row> rows, Acks without) {}

    /** This machine's limits for N connections: descriptors (both processes), ports per source address. */
    private record Limits(long openFiles, long fileMax, int ports) {
        static Limits read() throws IOException {
            long openFiles = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    // Max open files  SOFT  HARD  files
                    String hard = BLANKS.splitAsStream(
                                    line.substring("Max open files".length()).strip())
                            .toList()
                            .get(1);
                    openFiles = hard.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(hard);
                }
            }
            // A Scanner, as Files.readString read only the first byte of these /proc/sys files here.
            long fileMax;
            try (var max = new Scanner(Path.of("/proc/sys/fs/file-max"), StandardCharsets.US_ASCII)) {
                fileMax = max.nextLong();
            }
            int ports;
            try (var range =
                    new Scanner(Path.of("/proc/sys/net/ipv4/ip_local_port_range"), StandardCharsets.US_ASCII)) {
                int low = range.nextInt();
                ports = range.nextInt() - low + 1;
            }
            return new Limits(openFiles, fileMax, ports);
        }

        /** The most idle connections both processes can hold. */
        int mostConnections() {
            return (int) Math.max(0, Math.min(Math.min(openFiles, fileMax / 2) - RESERVE, Integer.MAX_VALUE));
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "  limits: open files (hard, this process and the server) %,d; fs.file-max %,d; %,d ephemeral"
                            + " ports per source address%n",
                    openFiles,
                    fileMax,
                    ports);
        }

        String shortfall(int n) {
            return String.format(
                    Locale.ROOT,
                    "it needs %,d open files per process (has %,d) and fs.file-max >= %,d (has %,d)",
                    n + RESERVE,
                    openFiles,
                    2L * n + 2 * RESERVE,
                    fileMax);
        }

        static String howToRaise(int n) {
            return String.format(
                    Locale.ROOT,
                    "run in a shell with `ulimit -Hn %d; ulimit -n %d` (root, or LimitNOFILE= in systemd, or docker run"
                            + " --ulimit nofile=%d:%d) and `sysctl -w fs.file-max=%d`",
                    n + RESERVE,
                    n + RESERVE,
                    n + RESERVE,
                    n + RESERVE,
                    Math.max(2L * n + 2 * RESERVE, 1_000_000));
        }
    }

    /**
     * Idle WebSocket connections, opened by one thread over a selector: a non-blocking connect from the next
     * source address, the opening handshake, the 101 read, then nothing. Every idle one stays registered for
     * reading, so one the server closes is noticed.
     */
    private static final class IdleClients implements AutoCloseable {
        private final Selector selector;
        private final InetSocketAddress server;
        private final byte[] upgrade;
        private final List<SocketChannel> open = new ArrayList<>();
        private final ByteBuffer scratch = ByteBuffer.allocate(4096);
        private final int perSource;
        private int opening;
        private int closedByServer;

        IdleClients(int port) throws IOException {
            selector = Selector.open();
            server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            upgrade = ("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            // A quarter of each address's ports: the kernel's search for a free port in bind() slowed connecting
            // from some 600 to 50 a second once two thirds of them were taken.
            perSource = Math.max(1, Limits.read().ports / 4);
        }

        /** Opens connections until {@code n} are open and idle. */
        void openUpTo(int n) throws IOException {
            int started = open.size() + opening;
            while (open.size() < n) {
                while (opening < OPENING && started < n) {
                    start(started++);
                }
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    progress(key);
                }
                selector.selectedKeys().clear();
                if (closedByServer > 0) {
                    throw new IllegalStateException(closedByServer + " idle connections were closed by the server");
                }
            }
        }

        private void start(int index) throws IOException {
            int source = FIRST_SOURCE + index / perSource;
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(
                    InetAddress.getByAddress(new byte[] {
                        (byte) (source >>> 24), (byte) (source >>> 16), (byte) (source >>> 8), (byte) source
                    }),
                    0));
            var state = new Opening(channel);
            if (channel.connect(server)) {
                channel.register(selector, SelectionKey.OP_READ, state);
                state.sendUpgrade();
            } else {
                channel.register(selector, SelectionKey.OP_CONNECT, state);
            }
            opening++;
        }

        private void progress(SelectionKey key) throws IOException {
            var state = (Opening) key.attachment();
            SocketChannel channel = (SocketChannel) key.channel();
            if (key.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                state.sendUpgrade();
                return;
            }
            if (!key.isReadable()) {
                return;
            }
            if (state.head == null) {
                // Open and idle: the server sent something (a Close) or closed the socket.
                scratch.clear();
                int read = channel.read(scratch);
                if (read < 0 || read > 0) {
                    closedByServer++;
                    key.cancel();
                    channel.close();
                }
                return;
            }
            if (channel.read(state.head) < 0) {
                throw new IOException("the server closed a connection during the handshake");
            }
            String head = new String(state.head.array(), 0, state.head.position(), StandardCharsets.US_ASCII);
            if (head.contains("\r\n\r\n")) {
                if (!head.startsWith("HTTP/1.1 101")) {
                    throw new IOException(
                            "upgrade refused: " + head.lines().findFirst().orElse(""));
                }
                state.head = null;
                opening--;
                open.add(channel);
            }
        }

        /** Fails if the server closed any of the first {@code n}. */
        void checkOpen(int n) throws IOException {
            selector.selectNow();
            for (SelectionKey key : selector.selectedKeys()) {
                progress(key);
            }
            selector.selectedKeys().clear();
            if (closedByServer > 0 || open.size() < n) {
                throw new IllegalStateException(closedByServer + " idle connections were closed by the server");
            }
        }

        @Override
        public void close() throws IOException {
            for (SocketChannel channel : open) {
                channel.close();
            }
            selector.close();
        }

        private final class Opening {
            private final SocketChannel channel;
            private ByteBuffer head = ByteBuffer.allocate(1024);

            Opening(SocketChannel channel) {
                this.channel = channel;
            }

            void sendUpgrade() throws IOException {
                ByteBuffer request = ByteBuffer.wrap(upgrade);
                // A fresh socket's send buffer takes these 150 bytes at once.
                channel.write(request);
                if (request.hasRemaining()) {
                    throw new IOException("the upgrade request did not fit a fresh socket's send buffer");
                }
            }
        }
    }
}
