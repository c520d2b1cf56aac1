package org.inventory.filler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.inventory.embedded.EmbeddedStore;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreLocation;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.Await;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The loader rides out a server restart and a store outage: it reconnects, retries, resends, and ends with exit 0. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FillCommandRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void after_the_server_restarts_on_its_port_the_loader_reconnects_and_every_record_is_stored_once() throws Exception {
        String collection = "filler_restart";
        MongoCollection<Document> stored = TestStore.emptyCollection(collection);
        InventoryServer server = InventoryServer.start(Settings.from(TestEnv.server(collection)));
        int port = server.port();
        // Capped at 4,000 records/s, the 10,000 records take some 2.5 s: the server is stopped well within that.
        var filler = Filler.with("--count", "10000", "--seed", "71", "--batch-size", "50", "--rate", "4000",
                "--connections", "2", "--url", Filler.url(port), "--timeout", "20s");
        var run = filler.start();
        try {
            Await.until("2,000 records stored", WAIT, () -> stored.countDocuments() >= 2_000);
        } finally {
            server.shutdown(Duration.ofSeconds(5));
        }
        long storedAtStop = stored.countDocuments();
        assertTrue(storedAtStop < 10_000, "the run must still be going when the server stops");

        try (InventoryServer restarted = InventoryServer.start(Settings.from(TestEnv.server(collection, Map.of("API_PORT", Integer.toString(port)))))) {
            assertEquals(0, run.get(WAIT.toSeconds(), TimeUnit.SECONDS), filler::transcript);
        }
        Filler.Summary summary = filler.summary();
        assertEquals(10_000, summary.inserted() + summary.duplicates(), filler::transcript);
        assertEquals(0, summary.failed(), filler::transcript);
        assertEquals(10_000, stored.countDocuments());
        assertEquals(Filler.expectedIds(71, 10_000), Filler.storedIds(stored));
        assertTrue(filler.err().contains("connected again"), filler::transcript);
    }

    @Test
    void while_the_store_is_down_the_loader_retries_and_finishes_once_it_is_back(@TempDir Path dir) throws Exception {
        // A store of our own that can be stopped and started again on its port; the H2 file keeps the records.
        String file = dir.resolve("outage.mv").toString();
        EmbeddedStore store = EmbeddedStore.start(Optional.of(file), 0);
        int storePort = store.port();
        String collection = "filler_outage";
        // A short store timeout, so that the server answers 'unavailable' promptly while the store is down;
        // the test looks at the records through a client of its own, with a patient one.
        try (InventoryServer server = InventoryServer.start(Settings.from(TestEnv.server(collection, Map.of("MONGODB_URL", store.url(),
                "INVENTORY_STORE_TIMEOUT_MS", "1000"))));
             Store observer = Store.open(StoreLocation.remote(store.url(), EmbeddedStore.DATABASE), WAIT)) {
            MongoCollection<Document> stored = observer.database().getCollection(collection);
            var filler = Filler.with("--count", "3000", "--seed", "81", "--batch-size", "50", "--rate", "1500",
                    "--url", Filler.url(server.port()), "--timeout", "20s");
            var run = filler.start();
            try {
                Await.until("500 records stored", WAIT, () -> stored.estimatedDocumentCount() >= 500);
            } finally {
                store.close();
            }
            Await.until("the loader told of an unavailable store", WAIT,
                    () -> filler.err().contains("the server answered unavailable"));
            store = EmbeddedStore.start(Optional.of(file), storePort);

            assertEquals(0, run.get(WAIT.toSeconds(), TimeUnit.SECONDS), filler::transcript);
            Filler.Summary summary = filler.summary();
            assertEquals(3_000, summary.inserted() + summary.duplicates(), filler::transcript);
            assertEquals(0, summary.failed(), filler::transcript);
            assertTrue(filler.err().contains("retrying with backoff"), filler::transcript);
            assertEquals(Filler.expectedIds(81, 3_000), Filler.storedIds(stored));
        } finally {
            store.close();
        }
    }
}
