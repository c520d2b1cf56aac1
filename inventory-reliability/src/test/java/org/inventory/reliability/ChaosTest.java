package org.inventory.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreLocation;
import org.inventory.embedded.EmbeddedStore;
import org.inventory.filler.Filler;
import org.inventory.filler.generate.RecordGenerator;
import org.inventory.testkit.Await;
import org.inventory.testkit.ChildProcesses;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.StoreProcess;
import org.inventory.testkit.TestEnv;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader streams records over 4 connections while the store is stopped and restarted twice and the
 * server is killed with SIGKILL once and restarted on its port: in the end every record is stored exactly
 * once, and exactly as generated. Server and store run as processes of their own; the store keeps its data
 * in an H2 file. Each fault comes when the store holds a given share of the records, never after a sleep.
 */
@Tag("chaos")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ChaosTest {
    private static final String COLLECTION = "chaos";
    private static final long SEED = 7_007L;
    private static final int CONNECTIONS = 4;
    /** How long one phase may take: a restart, or the next share of the records arriving. */
    private static final Duration PHASE = Duration.ofSeconds(90);

    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private StoreProcess store;
    private ServerProcess server;

    @Test
    void records_sent_through_two_store_restarts_and_a_server_kill_are_all_stored_once_and_unchanged()
            throws Exception {
        int count = Suite.size(10_000, 100_000);
        String file = dir.resolve("chaos.mv").toString();
        int storePort = ChildProcesses.freePort();
        int serverPort = ChildProcesses.freePort();
        long start = System.nanoTime();
        store = StoreProcess.start(storePort, file);
        // A short store timeout, so that while the store is down the server promptly answers 'unavailable'.
        Map<String, String> env = TestEnv.server(
                COLLECTION,
                Map.of(
                        "MONGODB_URL",
                        store.url(),
                        "INVENTORY_STORE_TIMEOUT_MS",
                        "2000",
                        "API_PORT",
                        Integer.toString(serverPort),
                        "LOG_LEVEL",
                        "WARN"));
        server = ServerProcess.start(env, "-Xmx1g").awaitHealthy(STARTUP);
        var faults = new ArrayList<String>();
        Filler loader = Filler.with(
                "--count",
                Integer.toString(count),
                "--url",
                Filler.url(serverPort),
                "--batch-size",
                "50",
                "--connections",
                Integer.toString(CONNECTIONS),
                "--window",
                "4",
                "--seed",
                Long.toString(SEED),
                "--timeout",
                "60s");
        FutureTask<Integer> run = loader.start();
        // A client of the test's own, to watch the records arrive and to check them at the end: quick to notice
        // that the store is down, patient with a slow full read of the H2 file.
        try (Store observer = Store.open(
                StoreLocation.remote(store.url() + "?serverSelectionTimeoutMS=2000", EmbeddedStore.DATABASE),
                Duration.ofMinutes(2))) {
            MongoCollection<Document> stored = observer.database().getCollection(COLLECTION);

            long atFirstStop = awaitStored(stored, count * 20L / 100, run, loader);
            restartStore(storePort, file);
            faults.add(String.format("store stopped at %,d stored", atFirstStop));

            long atKill = awaitStored(stored, count * 45L / 100, run, loader);
            server.kill();
            server = ServerProcess.start(env, "-Xmx1g").awaitHealthy(STARTUP);
            faults.add(String.format("server killed at %,d stored", atKill));

            // Progress after the restart, before the next fault.
            long atSecondStop = awaitStored(stored, Math.max(count * 70L / 100, atKill + count / 10), run, loader);
            restartStore(storePort, file);
            faults.add(String.format("store stopped again at %,d stored", atSecondStop));

            assertTrue(atFirstStop < atKill && atKill < atSecondStop, "each fault at a later point: " + faults);

            int exit = run.get(PHASE.toSeconds() * 3, TimeUnit.SECONDS);
            assertEquals(0, exit, loader::transcript);
            Filler.Summary summary = loader.summary();
            assertEquals(0, summary.failed(), loader::transcript);
            assertEquals(count, summary.inserted() + summary.duplicates(), loader::transcript);
            // The kill dropped every connection: each was opened again.
            assertTrue(reconnections(loader) >= CONNECTIONS, loader::transcript);

            StoredCheck check = checkStored(stored.withDocumentClass(RawBsonDocument.class), count);
            assertEquals(new StoredCheck(count, count, count, List.of()), check);
            assertEquals(count, stored.countDocuments());

            Suite.summary(
                    "ChaosTest",
                    String.format(
                            "%,d records over %d connections; faults: %s; loader exit %d after %.1f s (inserted %,d, duplicates %,d;"
                                    + " %s); store holds %,d records, %,d distinct _ids, %,d equal to the generated ones; %.0f s in all",
                            count,
                            CONNECTIONS,
                            String.join(", ", faults),
                            exit,
                            loader.seconds(),
                            summary.inserted(),
                            summary.duplicates(),
                            retries(loader),
                            check.documents(),
                            check.distinctIds(),
                            check.equal(),
                            (System.nanoTime() - start) / 1e9));
        } finally {
            // A failed run must not leave the loader retrying against the next test.
            run.cancel(true);
            server.close();
            store.close();
        }
    }

    /**
     * Waits until the store holds at least {@code records}, while the loader is still running; returns the count
     * seen. The count is read from collection metadata: cheap enough to ask every 20 ms.
     */
    private static long awaitStored(
            MongoCollection<Document> stored, long records, FutureTask<Integer> run, Filler loader) {
        long[] seen = {0};
        Await.until(records + " records stored", PHASE, () -> {
            if (run.isDone()) {
                throw new AssertionError(
                        "the loader ended before the store held " + records + " records\n" + loader.transcript());
            }
            seen[0] = count(stored);
            return seen[0] >= records;
        });
        return seen[0];
    }

    private static long count(MongoCollection<Document> stored) {
        try {
            return stored.estimatedDocumentCount();
        } catch (MongoException storeDown) {
            return -1;
        }
    }

    /**
     * Stops the store (SIGTERM: it closes its file), waits until the server has answered some message
     * 'unavailable' (so the outage was felt), and starts the store again on its port over the same file.
     */
    private void restartStore(int port, String file) throws Exception {
        double before = unavailableReplies();
        store.stop();
        Await.until("the server to answer 'unavailable'", PHASE, () -> unavailableReplies() > before);
        store = StoreProcess.start(port, file);
    }

    private double unavailableReplies() {
        return server.metrics()
                .value("inventory_messages_rejected_total", "code=\"unavailable\"")
                .orElse(0);
    }

    /** What the loader said about its retries and reconnections, e.g. "retried 12 messages ...; reconnected 4 times". */
    private static String retries(Filler loader) {
        return loader.err()
                .lines()
                .filter(line -> line.startsWith("retried "))
                .findFirst()
                .orElse("no retries");
    }

    private static int reconnections(Filler loader) {
        var matcher = Pattern.compile("reconnected (\\d+) times").matcher(retries(loader));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /**
     * The stored records compared with the generated ones: how many there are, how many distinct generated
     * {@code _id}s among them, how many equal (as JSON) to the record generated for their index, and the first
     * few problems.
     */
    record StoredCheck(long documents, long distinctIds, long equal, List<String> problems) {}

    private static StoredCheck checkStored(MongoCollection<RawBsonDocument> stored, int count) {
        var generator = new RecordGenerator(SEED);
        var seen = new BitSet(count);
        long documents = 0;
        long equal = 0;
        var problems = new ArrayList<String>();
        // In batches: the embedded store would otherwise answer with one reply larger than the driver accepts.
        for (RawBsonDocument document : stored.find().batchSize(2_000)) {
            documents++;
            String id = document.getObjectId("_id").getValue().toHexString();
            // The generator puts the record's index in the last 8 hex digits of its _id.
            int index = (int) Long.parseLong(id.substring(16), 16);
            if (index >= count || !generator.id(index).equals(id)) {
                problems.add("a record that was never generated: " + id);
            } else if (seen.get(index)) {
                problems.add("record " + index + " stored twice");
            } else {
                seen.set(index);
                if (JsonValues.of(document).equals(JsonValues.parse(generator.record(index)))) {
                    equal++;
                } else {
                    problems.add("record " + index + " differs: " + document.toJson());
                }
            }
        }
        if (seen.cardinality() < count) {
            problems.add((count - seen.cardinality()) + " records missing, the first " + seen.nextClearBit(0));
        }
        return new StoredCheck(documents, seen.cardinality(), equal, problems.subList(0, Math.min(5, problems.size())));
    }
}
