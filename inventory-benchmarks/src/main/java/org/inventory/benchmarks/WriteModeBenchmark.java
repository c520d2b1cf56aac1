package org.inventory.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.StoreProcess;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.WsClient;

/**
 * Upsert mode against insert mode on the same store in one run: two servers started as users start them
 * ({@code docker/run_server}, after {@code ./mvnw -B -q package -DskipTests}), one per write mode, over one embedded
 * in-memory store in a process of its own, each given the same messages over real WebSockets (4
 * connections, 16 messages in flight each, as the loader sends). The records are ~1,000 bytes; in each round every
 * key is sent 4 times with a rising version ({@code updated_at}), in order, so in upsert mode a quarter inserts and
 * the rest replace (key {@code sku,warehouse}, one unique index look-up each); insert mode stores them all. Paths:
 * 100 records per message and 1 record per message. The modes take turns round by round, after warm-up rounds, and
 * each round's ratio (upsert's rate / insert's) is shown as the median with the range.
 * Arguments: {@code [records per path and round] [rounds] [baseline checkout]}. Given another checkout of the project
 * (packaged), its two servers run too, over a store of its own build (from its server jar), all four taking turns
 * in each round; then each build's ratio is shown, and this build's rates over the baseline's per mode. The targets:
 * at least 0.60 at 100 records per message, 0.80 at 1.
 */
public final class WriteModeBenchmark {
    private static final int CONNECTIONS = 4;
    private static final int WINDOW = 16;
    private static final int VERSIONS = 4;
    private static final int WARM_UP_ROUNDS = 2;

    private WriteModeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        java.util.Optional<Path> baseline =
                args.length > 2 ? java.util.Optional.of(Path.of(args[2])) : java.util.Optional.empty();
        System.out.printf(
                Locale.ROOT,
                "write mode benchmark: %,d records of ~%d bytes per path and round, %d rounds (+%d warm-up), %d cores%s%n",
                records,
                record(0, 0, 1).length(),
                rounds,
                WARM_UP_ROUNDS,
                Runtime.getRuntime().availableProcessors(),
                baseline.map(path -> ", against the build in " + path).orElse(""));
        // A baseline's servers write to a store of its own build, started from its packaged jar: the store is part
        // of what is compared.
        try (var store = StoreProcess.inMemory("-Xmx6g");
                var baselineStore = baseline.isPresent()
                        ? StoreProcess.inMemoryOf(
                                baseline.get().resolve("inventory-server/target/inventory-server.jar"), "-Xmx6g")
                        : null;
                var builds = new Builds()) {
            builds.add(new Build("this build", store, ServerProcess::startAsUsersDo));
            if (baseline.isPresent()) {
                Path script = baseline.get().resolve("docker/run_server").toAbsolutePath();
                builds.add(new Build("baseline", baselineStore, env -> ServerProcess.startScript(script, env)));
            }
            for (Build build : builds) {
                build.insert.awaitHealthy(Duration.ofSeconds(60));
                build.upsert.awaitHealthy(Duration.ofSeconds(60));
            }
            for (int perMessage : new int[] {100, 1}) {
                for (Build build : builds) {
                    build.start();
                }
                for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
                    List<String> messages = messages(perMessage, records, perMessage * 1_000_000 + round * records);
                    // Take turns: which mode (and build) goes first alternates, so a slow moment of the machine
                    // falls on all.
                    List<Build> order = new ArrayList<>(builds.list);
                    if (round % 2 == 1) {
                        Collections.reverse(order);
                    }
                    for (Build build : order) {
                        Sent insert;
                        Sent upsert;
                        if (round % 2 == 0) {
                            insert = build.send(build.insert, messages, records);
                            upsert = build.send(build.upsert, messages, records);
                        } else {
                            upsert = build.send(build.upsert, messages, records);
                            insert = build.send(build.insert, messages, records);
                        }
                        if (round >= WARM_UP_ROUNDS) {
                            build.add(insert, upsert);
                        }
                    }
                }
                for (Build build : builds) {
                    System.out.printf(
                            Locale.ROOT,
                            "%3d record(s)/message, %s: insert %,.0f records/s, upsert %,.0f records/s (means);"
                                    + " upsert / insert %s; target >= %.2f%n",
                            perMessage,
                            build.name,
                            build.insertRates.stream()
                                            .mapToDouble(Double::doubleValue)
                                            .sum()
                                    / rounds,
                            build.upsertRates.stream()
                                            .mapToDouble(Double::doubleValue)
                                            .sum()
                                    / rounds,
                            spread(build.ratios()),
                            perMessage == 1 ? 0.80 : 0.60);
                    System.out.printf(
                            Locale.ROOT,
                            "%3d record(s)/message, %s: CPU per record (server and store) insert %.1f µs,"
                                    + " upsert %.1f µs (medians); insert's / upsert's %s%n",
                            perMessage,
                            build.name,
                            median(build.insertCpu) / 1e3,
                            median(build.upsertCpu) / 1e3,
                            spread(quotients(build.insertCpu, build.upsertCpu)));
                }
                if (builds.list.size() > 1) {
                    Build mine = builds.list.get(0);
                    Build theirs = builds.list.get(1);
                    System.out.printf(
                            Locale.ROOT,
                            "%3d record(s)/message, this build / baseline: insert %s, upsert %s%n",
                            perMessage,
                            spread(quotients(mine.insertRates, theirs.insertRates)),
                            spread(quotients(mine.upsertRates, theirs.upsertRates)));
                    System.out.printf(
                            Locale.ROOT,
                            "%3d record(s)/message, baseline's CPU per record / this build's: insert %s, upsert %s%n",
                            perMessage,
                            spread(quotients(theirs.insertCpu, mine.insertCpu)),
                            spread(quotients(theirs.upsertCpu, mine.upsertCpu)));
                }
            }
        }
    }

    private static double median(List<Double> values) {
        var sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The median of the values, with their range. */
    private static String spread(List<Double> values) {
        var sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(
                Locale.ROOT,
                "%.2f (median; range %.2f-%.2f)",
                sorted.get(sorted.size() / 2),
                sorted.getFirst(),
                sorted.getLast());
    }

    /** Each round's {@code a / b}. */
    private static List<Double> quotients(List<Double> a, List<Double> b) {
        var quotients = new ArrayList<Double>(a.size());
        for (int i = 0; i < a.size(); i++) {
            quotients.add(a.get(i) / b.get(i));
        }
        return quotients;
    }

    /** How a build's server is started: through its {@code docker/run_server}. */
    private interface Starter {
        ServerProcess start(Map<String, String> env) throws java.io.IOException;
    }

    /** One build's two servers, one per write mode, over its store, and their rates of the path measured. */
    private static final class Build implements AutoCloseable {
        final String name;
        final ServerProcess insert;
        final ServerProcess upsert;
        final List<Double> insertRates = new ArrayList<>();
        final List<Double> upsertRates = new ArrayList<>();

        final List<Double> insertCpu = new ArrayList<>();
        final List<Double> upsertCpu = new ArrayList<>();
        final ProcessHandle store;

        Build(String name, StoreProcess storeProcess, Starter starter) throws java.io.IOException {
            this.name = name;
            this.store = storeProcess.handle();
            String storeUrl = storeProcess.url();
            this.insert =
                    starter.start(TestEnv.server("bench_insert", Map.of("MONGODB_URL", storeUrl, "LOG_LEVEL", "WARN")));
            ServerProcess started;
            try {
                started = starter.start(TestEnv.server(
                        "bench_upsert",
                        Map.of(
                                "MONGODB_URL",
                                storeUrl,
                                "LOG_LEVEL",
                                "WARN",
                                "INVENTORY_WRITE_MODE",
                                "upsert",
                                "INVENTORY_KEY",
                                "sku,warehouse",
                                "INVENTORY_VERSION_FIELD",
                                "updated_at")));
            } catch (java.io.IOException | RuntimeException e) {
                insert.close();
                throw e;
            }
            this.upsert = started;
        }

        /** A new path: its rates start anew. */
        void start() {
            insertRates.clear();
            upsertRates.clear();
            insertCpu.clear();
            upsertCpu.clear();
        }

        void add(Sent insert, Sent upsert) {
            insertRates.add(insert.rate());
            upsertRates.add(upsert.rate());
            insertCpu.add(insert.cpuPerRecord());
            upsertCpu.add(upsert.cpuPerRecord());
        }

        /** Sends the messages to one of this build's servers: its rate, and the CPU it and the store took. */
        Sent send(ServerProcess server, List<String> messages, int records) throws Exception {
            long cpu = cpu(server.handle()) + cpu(store);
            double rate = WriteModeBenchmark.send(server.port(), messages, records);
            return new Sent(rate, (double) (cpu(server.handle()) + cpu(store) - cpu) / records);
        }

        /** Each round's upsert rate over its insert rate. */
        List<Double> ratios() {
            return quotients(upsertRates, insertRates);
        }

        @Override
        public void close() {
            try {
                insert.close();
            } finally {
                upsert.close();
            }
        }
    }

    /** A round of one server: records/s, and the nanoseconds of CPU its process and the store's took per record. */
    private record Sent(double rate, double cpuPerRecord) {}

    private static long cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** The builds compared, stopped together. */
    private static final class Builds implements AutoCloseable, Iterable<Build> {
        final List<Build> list = new ArrayList<>();

        void add(Build build) {
            list.add(build);
        }

        @Override
        public java.util.Iterator<Build> iterator() {
            return list.iterator();
        }

        @Override
        public void close() {
            for (Build build : list) {
                build.close();
            }
        }
    }

    /** A round's messages: each key's versions in order, keys new to the round (a base number apart). */
    private static List<String> messages(int perMessage, int records, int base) {
        var texts = new ArrayList<String>();
        int keys = records / VERSIONS;
        var message = new ArrayList<String>(perMessage);
        for (int version = 1; version <= VERSIONS; version++) {
            for (int k = 0; k < keys; k++) {
                message.add(record(base + k, k, version));
                if (message.size() == perMessage) {
                    texts.add(perMessage == 1 ? message.getFirst() : "[" + String.join(",", message) + "]");
                    message.clear();
                }
            }
        }
        if (!message.isEmpty()) {
            texts.add("[" + String.join(",", message) + "]");
        }
        return texts;
    }

    /** A ~1,000-byte record of key {@code n} at a version: IngestBenchmark's, with a number as {@code updated_at}. */
    private static String record(int n, int variant, int version) {
        return IngestBenchmark.record(n)
                .replace("\"updated_at\":\"2026-11-28T12:00:00Z\"", "\"updated_at\":" + version)
                .replace(
                        "\"quantity\":" + (n % 977) + ",\"price\"",
                        "\"quantity\":" + (variant + version) + ",\"price\"");
    }

    /** Sends the messages over {@link #CONNECTIONS} connections, the n-th to connection n mod 4; records/s. */
    private static double send(int port, List<String> messages, int records) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            long start = System.nanoTime();
            var done = new ArrayList<Future<?>>();
            for (int c = 0; c < CONNECTIONS; c++) {
                var mine = new ArrayList<String>();
                // A key's versions stay on one connection, in order, as one device reports one item.
                for (int i = c; i < messages.size(); i += CONNECTIONS) {
                    mine.add(messages.get(i));
                }
                done.add(senders.submit(() -> {
                    try (var client = WsClient.connect(port)) {
                        int sent = 0;
                        int answered = 0;
                        while (answered < mine.size()) {
                            while (sent < mine.size() && sent - answered < WINDOW) {
                                client.send(mine.get(sent++));
                            }
                            String reply = client.reply();
                            if (!reply.startsWith("{\"ok\":true")) {
                                throw new IllegalStateException("refused: " + reply);
                            }
                            answered++;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            return records / (Duration.ofNanos(System.nanoTime() - start).toNanos() / 1e9);
        } finally {
            senders.shutdownNow();
        }
    }
}
