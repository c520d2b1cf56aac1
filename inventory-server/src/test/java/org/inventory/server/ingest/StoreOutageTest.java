package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.types.ObjectId;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreLocation;
import org.inventory.embedded.EmbeddedStore;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.ChildProcesses;
import org.inventory.testkit.Http;
import org.inventory.testkit.StoreProcess;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The store stops in the middle of a stream and comes back: every message is answered, nothing is lost or doubled. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoreOutageTest {
    private static final String COLLECTION = "outage_test";

    @TempDir
    Path dir;

    /** The port these tests' WebSocket clients connect to; {@link DeviceStoreOutageTest} runs them on the device port. */
    IngestPort ingest() {
        return IngestPort.API;
    }

    private static String record(ObjectId id, int n) {
        return "{\"_id\":\"" + id.toHexString() + "\",\"n\":" + n + ",\"pad\":\"" + "x".repeat(200) + "\"}";
    }

    @Tag("chaos") // a store or server stopped under load: the full tier
    @Test
    void a_store_stopped_and_restarted_mid_stream_loses_and_doubles_nothing() throws Exception {
        String file = dir.resolve("store.mv").toString();
        int port = ChildProcesses.freePort();
        StoreProcess store = StoreProcess.start(port, file);
        var settings = Settings.from(
                ingest().env(COLLECTION, Map.of("MONGODB_URL", store.url(), "INVENTORY_STORE_TIMEOUT_MS", "3000")));
        int count = 3000;
        var ids = new ArrayList<ObjectId>();
        for (int i = 0; i < count; i++) {
            ids.add(new ObjectId());
        }
        try (var server = InventoryServer.start(settings);
                var client = WsClient.connect(ingest().of(server))) {
            // Half the stream goes out at once; the rest only once the store is down, so it meets the outage.
            var storeDown = new CountDownLatch(1);
            var sender = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < count; i++) {
                    if (i == count / 2) {
                        awaitQuietly(storeDown);
                    }
                    client.send(record(ids.get(i), i));
                }
            });
            var unanswered = new ArrayList<Integer>();
            boolean sawUnavailable = false;
            for (int seq = 1; seq <= count; seq++) {
                String reply = client.reply();
                if (seq == 200) {
                    store.close();
                    storeDown.countDown();
                }
                if (reply.contains("\"code\":\"unavailable\"")) {
                    assertTrue(
                            reply.startsWith("{\"ok\":false,\"seq\":" + seq + ",")
                                    && reply.contains("\"retryable\":true"),
                            reply);
                    unanswered.add(seq - 1);
                    // A slow store may answer unavailable before the outage too; restart only what was stopped.
                    if (!sawUnavailable && storeDown.getCount() == 0) {
                        sawUnavailable = true;
                        store = StoreProcess.start(port, file);
                    }
                } else {
                    assertEquals("{\"ok\":true,\"seq\":" + seq + ",\"inserted\":1,\"duplicates\":0}", reply);
                }
            }
            sender.join();
            assertTrue(sawUnavailable, "the outage was seen by the client");

            // The client resends what was refused as retryable, as the loader does, until all is acknowledged.
            int seq = count;
            for (int attempt = 0; !unanswered.isEmpty() && attempt < 20; attempt++) {
                var again = new ArrayList<Integer>();
                for (int index : unanswered) {
                    String reply = client.send(record(ids.get(index), index)).reply();
                    seq++;
                    if (reply.contains("\"unavailable\"")) {
                        again.add(index);
                    } else {
                        // A record stored just as the store went down comes back as a duplicate, never twice.
                        assertTrue(
                                reply.equals("{\"ok\":true,\"seq\":" + seq + ",\"inserted\":1,\"duplicates\":0}")
                                        || reply.equals(
                                                "{\"ok\":true,\"seq\":" + seq + ",\"inserted\":0,\"duplicates\":1}"),
                                reply);
                    }
                }
                unanswered = again;
            }
            assertEquals(List.of(), unanswered);
            try (var check = Store.open(StoreLocation.remote(store.url(), "test"), java.time.Duration.ofSeconds(10))) {
                var stored = check.database()
                        .getCollection(COLLECTION)
                        .distinct("_id", ObjectId.class)
                        .into(new HashSet<>());
                assertEquals(count, check.database().getCollection(COLLECTION).countDocuments());
                assertEquals(new HashSet<>(ids), stored);
            }
        } finally {
            store.close();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void while_the_store_is_down_messages_are_answered_unavailable_within_the_timeout() throws Exception {
        EmbeddedStore store = EmbeddedStore.start(Optional.empty());
        var settings = Settings.from(
                ingest().env(COLLECTION, Map.of("MONGODB_URL", store.url(), "INVENTORY_STORE_TIMEOUT_MS", "1000")));
        try (var server = InventoryServer.start(settings);
                var client = WsClient.connect(ingest().of(server))) {
            assertEquals(
                    "{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}",
                    client.send("{\"n\":1}").reply());
            store.close();
            for (int seq = 2; seq <= 4; seq++) {
                long start = System.nanoTime();
                String reply = client.send("{\"n\":" + seq + "}").reply();
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(
                        "{\"ok\":false,\"seq\":" + seq
                                + ",\"error\":{\"code\":\"unavailable\",\"message\":\"the store is"
                                + " unavailable or did not answer in time; send again\",\"retryable\":true}}",
                        reply);
                // Not a speed test: a timeout ends a wait no sooner than its length, so a reply that waited for the
                // server's default store timeout (5 s) or the driver's server selection (30 s) cannot come in under
                // 5 s, while the 1 s asked for leaves a busy machine 4 s to spare.
                assertTrue(millis < 5_000, "answered in " + millis + " ms");
            }
            assertEquals(503, Http.get(server.port(), "/health").statusCode());
        } finally {
            store.close();
        }
    }
}
