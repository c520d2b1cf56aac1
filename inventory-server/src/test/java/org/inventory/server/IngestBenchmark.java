package org.inventory.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.model.InsertManyOptions;
import org.bson.BsonDocument;
import org.inventory.core.RecordParser;
import org.inventory.core.Store;
import org.inventory.core.StoreLocation;
import org.inventory.core.StoreProcess;

/**
 * Ingest throughput end to end against the raw driver, in one run. The embedded in-memory store runs in
 * a process of its own and the server (the real {@link Main}) in another, so the server's CPU time per
 * record can be read from its process alone; this process is the clients.
 *
 * <p>Phases, repeated in {@code ROUNDS} rounds so that a slow moment of the machine falls on all of them:
 * the raw driver's unordered {@code insertMany} of 100 records from {@code CONNECTIONS} threads; the server
 * with 100 records per message and with 1 record per message (pipelined) over {@code CONNECTIONS}
 * connections; and 1 record per message over 200 connections with 2 in flight each (many small clients).
 * With a baseline jar (another build of the server), its server phases run too, against the same store,
 * and the table shows this build's rate as a ratio to the baseline's.
 * Arguments: {@code [records per phase] [rounds] [connections] [baseline server jar]}.
 */
public final class IngestBenchmark {
    private static final int BATCH = 100;

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        java.util.Optional<String> baselineJar = args.length > 3 ? java.util.Optional.of(args[3]) : java.util.Optional.empty();
        System.out.printf("ingest benchmark: %,d records of ~%d bytes per phase, %d connections, %d rounds, %d cores%n",
                records, record(0).length(), connections, rounds, Runtime.getRuntime().availableProcessors());

        var serverEnv = Map.of("API_HOST", "127.0.0.1", "INVENTORY_COLLECTION_NAME", "bench_server", "LOG_LEVEL", "WARN");
        try (var storeProcess = StoreProcess.inMemory();
             var store = Store.open(StoreLocation.remote(storeProcess.url(), "test"), Duration.ofSeconds(30))) {
            var servers = new ArrayList<Target>();
            servers.add(new Target("server", ServerProcess.start(with(serverEnv, storeProcess.url()))));
            if (baselineJar.isPresent()) {
                servers.add(new Target("baseline", ServerProcess.startJar(baselineJar.get(), with(serverEnv, storeProcess.url()))));
            }
            var raw = new Phase("raw driver insertMany, 100/call");
            var phases = new ArrayList<Phase>(List.of(raw));
            for (Target target : servers) {
                target.server.awaitHealthy(Duration.ofSeconds(60));
                target.batched = new Phase(target.name + ", 100 records/message");
                target.single = new Phase(target.name + ", 1 record/message");
                target.many = new Phase(target.name + ", 1/message, 200 connections");
                phases.addAll(List.of(target.batched, target.single, target.many));
            }
            // One unmeasured warm-up of each path, then the measured rounds.
            for (int round = 0; round <= rounds; round++) {
                boolean measured = round > 0;
                int count = measured ? records : records / 5;
                store.database().getCollection("bench_raw").drop();
                raw.add(measured, count, timeRaw(store, count, connections), 0);
                for (Target target : servers) {
                    ProcessHandle process = target.server.process.toHandle();
                    int port = target.server.port;
                    for (var phase : List.of(target.batched, target.single, target.many)) {
                        store.database().getCollection("bench_server").drop();
                        long cpu = cpuNanos(process);
                        double seconds = phase == target.batched ? timeServer(port, count, BATCH, connections, 8)
                                : phase == target.single ? timeServer(port, count, 1, connections, 512)
                                : timeServer(port, count, 1, 200, 2);
                        phase.add(measured, count, seconds, cpuNanos(process) - cpu);
                    }
                }
            }
            System.out.println();
            System.out.printf("%-42s %12s %8s %13s %18s%n", "path", "records/s", "vs raw", "vs baseline", "server CPU/record");
            for (Phase phase : phases) {
                String versusBaseline = "-";
                if (servers.size() > 1 && phase.name.startsWith("server")) {
                    Phase base = phases.get(phases.indexOf(phase) + 3);
                    versusBaseline = String.format(Locale.ROOT, "%.2fx", phase.rate() / base.rate());
                }
                System.out.printf("%-42s %,12.0f %7.0f%% %13s %18s%n", phase.name, phase.rate(), 100 * phase.rate() / raw.rate(),
                        versusBaseline, phase == raw ? "-" : String.format(Locale.ROOT, "%.1f µs", phase.cpuMicrosPerRecord()));
            }
            System.out.println("(rates: records over wall time summed across rounds; CPU: the server process alone)");
            for (Target target : servers) {
                target.server.close();
            }
        }
    }

    private static Map<String, String> with(Map<String, String> env, String url) {
        var all = new java.util.HashMap<>(env);
        all.put("MONGODB_URL", url);
        return all;
    }

    /** A server under test and its phases. */
    private static final class Target {
        private final String name;
        private final ServerProcess server;
        private Phase batched;
        private Phase single;
        private Phase many;

        Target(String name, ServerProcess server) {
            this.name = name;
            this.server = server;
        }
    }

    /** ~1 KB of plausible inventory record. */
    static String record(int n) {
        return "{\"sku\":\"SKU-" + (100000 + n) + "\",\"name\":\"Stainless steel hex bolt M8x40, pack of 50\","
                + "\"category\":\"fasteners\",\"quantity\":" + (n % 977) + ",\"price\":{\"amount\":" + (n % 5000) / 100.0
                + ",\"currency\":\"EUR\"},\"warehouse\":\"WH-" + (n % 12) + "\",\"location\":{\"aisle\":" + (n % 40)
                + ",\"shelf\":" + (n % 8) + ",\"bin\":\"B" + (n % 100) + "\"},\"tags\":[\"metal\",\"hardware\",\"bulk\"],"
                + "\"updated_at\":\"2026-11-28T12:00:00Z\",\"supplier\":{\"name\":\"Acme Industrial Supply GmbH\","
                + "\"country\":\"DE\",\"lead_time_days\":14},\"description\":\"Hex head bolt with full thread, DIN 933,"
                + " stainless steel A2, for general construction and machinery. Stored dry; sold in packs of fifty."
                + " Replaces older item numbers from the 2019 catalogue; check compatibility with washers and nuts of"
                + " the same grade before substituting in assemblies that carry load.\",\"min_stock\":100,"
                + "\"reorder\":false,\"barcode\":\"4006381333931\",\"weight_kg\":0.021,\"dimensions\":{\"l\":40,\"d\":8}}";
    }

    private static double timeRaw(Store store, int count, int threads) throws Exception {
        var parser = new RecordParser(BATCH);
        var collection = store.database().getCollection("bench_raw", BsonDocument.class);
        var options = new InsertManyOptions().ordered(false);
        // Built before the clock starts: the raw path pays only for the driver and the store.
        List<List<BsonDocument>> batches = new ArrayList<>();
        for (int i = 0; i < count; i += BATCH) {
            var json = new StringBuilder("[");
            for (int j = i; j < Math.min(count, i + BATCH); j++) {
                json.append(j > i ? "," : "").append(record(j));
            }
            batches.add(parser.parse(json.append(']').toString()));
        }
        long start = System.nanoTime();
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
        return (System.nanoTime() - start) / 1e9;
    }

    /** Sends {@code count} records in messages of {@code perMessage} over the connections, each with a window. */
    private static double timeServer(int port, int count, int perMessage, int connections, int window) throws Exception {
        var messages = new ArrayList<List<String>>();
        for (int c = 0; c < connections; c++) {
            messages.add(new ArrayList<>());
        }
        int n = 0;
        for (int i = 0; n < count; i++) {
            var json = new StringBuilder(perMessage == 1 ? "" : "[");
            for (int j = 0; j < perMessage && n < count; j++, n++) {
                json.append(j > 0 ? "," : "").append(record(n));
            }
            messages.get(i % connections).add(perMessage == 1 ? json.toString() : json.append(']').toString());
        }
        var clients = new ArrayList<Pipeline>();
        for (List<String> stream : messages) {
            clients.add(new Pipeline(port, stream, window));
        }
        long start = System.nanoTime();
        clients.forEach(Pipeline::start);
        for (Pipeline client : clients) {
            client.await();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** One connection that keeps up to {@code window} messages unanswered and checks every reply is ok. */
    private static final class Pipeline implements WebSocket.Listener {
        private final List<String> messages;
        private final Semaphore window;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final WebSocket socket;
        private int answered;

        Pipeline(int port, List<String> messages, int window) throws IOException {
            this.messages = messages;
            this.window = new Semaphore(window);
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), this).join();
        }

        void start() {
            Thread.ofVirtual().start(() -> {
                try {
                    for (String message : messages) {
                        window.acquire();
                        socket.sendText(message, true).join();
                    }
                } catch (Exception e) {
                    done.completeExceptionally(e);
                }
            });
        }

        void await() throws Exception {
            done.get(10, TimeUnit.MINUTES);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                if (!text.toString().startsWith("{\"ok\":true")) {
                    done.completeExceptionally(new IllegalStateException("refused: " + text));
                }
                text.setLength(0);
                window.release();
                if (++answered == messages.size()) {
                    done.complete(null);
                }
            }
            return null;
        }
    }

    /** The figures of one path, summed over the measured rounds. */
    private static final class Phase {
        private final String name;
        private long records;
        private double seconds;
        private long cpuNanos;

        Phase(String name) {
            this.name = name;
        }

        void add(boolean measured, int count, double elapsed, long cpu) {
            if (measured) {
                records += count;
                seconds += elapsed;
                cpuNanos += cpu;
            }
            System.out.printf("  %-42s %,9d records in %6.2f s = %,9.0f records/s%s%n", name + (measured ? "" : " (warm-up)"),
                    count, elapsed, count / elapsed, cpu > 0 ? String.format(Locale.ROOT, ", server CPU %.1f µs/record", cpu / 1e3 / count) : "");
        }

        double rate() {
            return records / seconds;
        }

        double cpuMicrosPerRecord() {
            return cpuNanos / 1e3 / records;
        }
    }
}
