package org.inventory.benchmarks;

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
 * Arguments: {@code [records per path and round] [rounds]}. The targets: at least 0.60 at 100 records per
 * message, 0.80 at 1.
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
        System.out.printf(
                Locale.ROOT,
                "write mode benchmark: %,d records of ~%d bytes per path and round, %d rounds (+%d warm-up), %d cores%n",
                records,
                record(0, 0, 1).length(),
                rounds,
                WARM_UP_ROUNDS,
                Runtime.getRuntime().availableProcessors());
        try (var store = StoreProcess.inMemory("-Xmx6g");
                var insert = ServerProcess.startAsUsersDo(
                        TestEnv.server("bench_insert", Map.of("MONGODB_URL", store.url(), "LOG_LEVEL", "WARN")));
                var upsert = ServerProcess.startAsUsersDo(TestEnv.server(
                        "bench_upsert",
                        Map.of(
                                "MONGODB_URL",
                                store.url(),
                                "LOG_LEVEL",
                                "WARN",
                                "INVENTORY_WRITE_MODE",
                                "upsert",
                                "INVENTORY_KEY",
                                "sku,warehouse",
                                "INVENTORY_VERSION_FIELD",
                                "updated_at")))) {
            insert.awaitHealthy(Duration.ofSeconds(60));
            upsert.awaitHealthy(Duration.ofSeconds(60));
            for (int perMessage : new int[] {100, 1}) {
                var ratios = new ArrayList<Double>();
                double insertRates = 0;
                double upsertRates = 0;
                for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
                    List<String> messages = messages(perMessage, records, perMessage * 1_000_000 + round * records);
                    // Take turns: which mode goes first alternates, so a slow moment of the machine falls on both.
                    double insertRate;
                    double upsertRate;
                    if (round % 2 == 0) {
                        insertRate = send(insert.port(), messages, records);
                        upsertRate = send(upsert.port(), messages, records);
                    } else {
                        upsertRate = send(upsert.port(), messages, records);
                        insertRate = send(insert.port(), messages, records);
                    }
                    if (round >= WARM_UP_ROUNDS) {
                        ratios.add(upsertRate / insertRate);
                        insertRates += insertRate;
                        upsertRates += upsertRate;
                    }
                }
                Collections.sort(ratios);
                System.out.printf(
                        Locale.ROOT,
                        "%3d record(s)/message: insert %,.0f records/s, upsert %,.0f records/s (means);"
                                + " upsert / insert %.2f (median; range %.2f-%.2f); target >= %.2f%n",
                        perMessage,
                        insertRates / rounds,
                        upsertRates / rounds,
                        ratios.get(ratios.size() / 2),
                        ratios.getFirst(),
                        ratios.getLast(),
                        perMessage == 1 ? 0.80 : 0.60);
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
