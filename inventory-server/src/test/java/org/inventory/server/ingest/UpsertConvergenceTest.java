package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Upsert mode's promise under the conditions it is for: many senders over real WebSockets, each sending versions
 * of the same keys in its own random order, pipelined, resending messages already answered (a retry) and
 * reconnecting. Whatever the order, the store ends with exactly the newest version of each key, each key was
 * inserted once, and every record sent is counted exactly once as inserted, replaced, duplicate or stale. A seeded
 * random loop: each repetition prints its seed, and {@code -Dupsert.seed=N} replays one. On the embedded store in
 * the build; against the MongoDB of {@code INVENTORY_TEST_MONGODB_URL} where it is set.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UpsertConvergenceTest {
    private static final String COLLECTION = "upsert_convergence_test";
    private static final int SENDERS = 6;
    private static final int KEYS = 40;
    private static final int VERSIONS = 8;
    private static final Pattern COUNTS = Pattern.compile(
            "\\{\"ok\":true,\"seq\":(\\d+),\"inserted\":(\\d+),\"replaced\":(\\d+),\"duplicates\":(\\d+),\"stale\":(\\d+)}");

    private InventoryServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @RepeatedTest(3)
    void
            many_senders_with_retries_and_reconnects_converge_on_the_newest_version_of_every_key_and_count_each_record_once()
                    throws Exception {
        long seed = Long.getLong("upsert.seed", System.nanoTime());
        System.out.println("UpsertConvergenceTest seed " + seed + " on "
                + (TestStore.external()
                        ? "the MongoDB of " + TestStore.URL_VARIABLE
                        : "the embedded store (set " + TestStore.URL_VARIABLE + " for a real MongoDB)"));
        var random = new Random(seed);
        TestStore.emptyCollection(COLLECTION);
        server = InventoryServer.start(Settings.from(TestEnv.server(
                COLLECTION,
                Map.of(
                        "INVENTORY_WRITE_MODE",
                        "upsert",
                        "INVENTORY_KEY",
                        "sku,warehouse.code",
                        "INVENTORY_VERSION_FIELD",
                        "updated_at"))));

        // Every version of every key goes to at least one sender, many to several: the same record from two senders.
        List<List<String>> records = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            records.add(new ArrayList<>());
        }
        for (int k = 0; k < KEYS; k++) {
            for (int v = 1; v <= VERSIONS; v++) {
                records.get(random.nextInt(SENDERS)).add(record(k, v));
                if (random.nextInt(3) == 0) {
                    records.get(random.nextInt(SENDERS)).add(record(k, v));
                }
            }
        }
        var plans = new ArrayList<Plan>();
        for (List<String> mine : records) {
            Collections.shuffle(mine, random);
            plans.add(Plan.of(mine, random));
        }

        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            var tallies = new ArrayList<Future<long[]>>();
            for (Plan plan : plans) {
                tallies.add(senders.submit(() -> send(plan)));
            }
            long[] total = new long[5];
            for (Future<long[]> tally : tallies) {
                long[] counts = tally.get(150, TimeUnit.SECONDS);
                for (int i = 0; i < total.length; i++) {
                    total[i] += counts[i];
                }
            }
            long sent = total[0];
            long inserted = total[1];
            long replaced = total[2];
            long duplicates = total[3];
            long stale = total[4];
            System.out.println("UpsertConvergenceTest: " + sent + " records sent: inserted " + inserted + ", replaced "
                    + replaced + ", duplicates " + duplicates + ", stale " + stale);
            assertEquals(sent, inserted + replaced + duplicates + stale, "every record counted once");
            assertEquals(KEYS, inserted, "each key inserted once");
        } finally {
            senders.shutdownNow();
        }

        var expected = new TreeMap<String, Document>();
        for (int k = 0; k < KEYS; k++) {
            Document newest = Document.parse(record(k, VERSIONS));
            expected.put(newest.getString("sku"), newest);
        }
        var stored = new TreeMap<String, Document>();
        for (Document item : TestStore.database().getCollection(COLLECTION).find()) {
            assertTrue(item.get("_id") instanceof org.bson.types.ObjectId, "an ObjectId _id: " + item.toJson());
            item.remove("_id");
            assertEquals(null, stored.put(item.getString("sku"), item), "one record per key");
        }
        assertEquals(expected, stored);
    }

    /** A record of key {@code k} at version {@code v}: its content is that of its key and version alone. */
    private static String record(int k, int v) {
        return "{\"sku\":\"SKU-" + (1000 + k) + "\",\"warehouse\":{\"code\":\"W" + (k % 3) + "\"},\"updated_at\":" + v
                + ",\"quantity\":" + (k * 100 + v) + ",\"note\":\"version " + v + " of " + k + "\"}";
    }

    /**
     * One sender's messages, in the order it sends them, with resends of earlier ones (a retry after a lost reply),
     * how many it sends before waiting for their replies, and after which windows it reconnects.
     */
    private record Plan(List<Message> messages, List<Integer> windows, List<Boolean> reconnects) {
        static Plan of(List<String> records, Random random) {
            var messages = new ArrayList<Message>();
            for (int i = 0; i < records.size(); ) {
                int size = Math.min(records.size() - i, 1 + random.nextInt(4));
                List<String> batch = records.subList(i, i + size);
                String text =
                        size == 1 && random.nextBoolean() ? batch.getFirst() : "[" + String.join(",", batch) + "]";
                messages.add(new Message(text, size));
                if (random.nextInt(5) == 0) {
                    messages.add(random.nextInt(messages.size()), new Message(text, size));
                }
                i += size;
            }
            var windows = new ArrayList<Integer>();
            var reconnects = new ArrayList<Boolean>();
            for (int sent = 0; sent < messages.size(); ) {
                int window = Math.min(messages.size() - sent, 1 + random.nextInt(6));
                windows.add(window);
                reconnects.add(random.nextInt(4) == 0);
                sent += window;
            }
            return new Plan(messages, windows, reconnects);
        }
    }

    private record Message(String text, int records) {}

    /** Sends a plan: pipelined windows, reconnecting where it says. Returns records sent and the reply counts. */
    private long[] send(Plan plan) {
        long[] counts = new long[5];
        int next = 0;
        WsClient client = WsClient.connect(server.port());
        try {
            for (int w = 0; w < plan.windows().size(); w++) {
                List<Message> window =
                        plan.messages().subList(next, next + plan.windows().get(w));
                next += window.size();
                window.forEach(message -> client.send(message.text()));
                for (Message message : window) {
                    String reply = client.reply();
                    Matcher matcher = COUNTS.matcher(reply);
                    assertTrue(matcher.matches(), "an accepted message: " + reply);
                    int counted = 0;
                    for (int i = 1; i <= 4; i++) {
                        counts[i] += Long.parseLong(matcher.group(i + 1));
                        counted += Integer.parseInt(matcher.group(i + 1));
                    }
                    assertEquals(message.records(), counted, "each record of " + message.text() + " counted: " + reply);
                    counts[0] += message.records();
                }
                if (plan.reconnects().get(w)) {
                    client.close();
                    return concat(
                            counts,
                            send(new Plan(
                                    plan.messages()
                                            .subList(next, plan.messages().size()),
                                    plan.windows().subList(w + 1, plan.windows().size()),
                                    plan.reconnects()
                                            .subList(w + 1, plan.reconnects().size()))));
                }
            }
        } finally {
            client.close();
        }
        return counts;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] sum = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }
}
