package org.inventory.filler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.bson.Document;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreLocation;
import org.inventory.embedded.EmbeddedStore;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.Await;
import org.inventory.testkit.TestEnv;

/**
 * A loader run through trouble, for the tests of generated records and of imports alike: the server stopped and
 * started again on its port, or its store stopped and started again. Each returns once the loader exited 0, every
 * record accounted for (inserted or a duplicate of its own resend) and none failed.
 */
final class LoaderRecovery {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private LoaderRecovery() {}

    /**
     * Runs the loader ({@code arguments}, without {@code --url}) for {@code total} records into {@code collection},
     * stops the server once 2,000 are stored (the loader capped well below that pace by its arguments) and starts a
     * new one on the same port. Returns the loader, which said it connected again.
     */
    @SuppressWarnings("try") // the restarted server has only to be up while the run ends
    static Filler throughServerRestart(
            String collection, MongoCollection<Document> stored, int total, String... arguments) throws Exception {
        InventoryServer server = InventoryServer.start(Settings.from(TestEnv.server(collection)));
        int port = server.port();
        var filler = Filler.with(
                Stream.concat(Stream.of(arguments), Stream.of("--url", Filler.url(port), "--timeout", "20s"))
                        .toArray(String[]::new));
        var run = filler.start();
        try {
            Await.until("2,000 records stored", WAIT, () -> stored.countDocuments() >= 2_000);
        } finally {
            server.shutdown(Duration.ofSeconds(5));
        }
        assertTrue(stored.countDocuments() < total, "the run must still be going when the server stops");
        try (var restarted = InventoryServer.start(
                Settings.from(TestEnv.server(collection, Map.of("API_PORT", Integer.toString(port)))))) {
            assertEquals(0, run.get(WAIT.toSeconds(), TimeUnit.SECONDS), filler::transcript);
        }
        assertAccountedFor(filler, total);
        assertTrue(filler.err().contains("connected again"), filler::transcript);
        return filler;
    }

    /**
     * Runs the loader ({@code arguments}, without {@code --url}) for {@code total} records into {@code collection} of
     * a store of its own (an H2 file in {@code dir}, which keeps the records), stops the store once 500 are stored,
     * waits for the loader to be told the store is unavailable, and starts the store again on its port. Then gives
     * the loader and the stored records, through a client of the test's own, to {@code afterwards}.
     */
    static void throughStoreOutage(
            Path dir,
            String collection,
            int total,
            List<String> arguments,
            BiConsumer<Filler, MongoCollection<Document>> afterwards)
            throws Exception {
        String file = dir.resolve("outage.mv").toString();
        EmbeddedStore store = EmbeddedStore.start(Optional.of(file), 0);
        int storePort = store.port();
        // A short store timeout, so that the server answers 'unavailable' promptly while the store is down; the
        // records are looked at through a client of the test's own, a patient one.
        try (var server = InventoryServer.start(Settings.from(TestEnv.server(
                        collection, Map.of("MONGODB_URL", store.url(), "INVENTORY_STORE_TIMEOUT_MS", "1000"))));
                Store observer = Store.open(StoreLocation.remote(store.url(), EmbeddedStore.DATABASE), WAIT)) {
            MongoCollection<Document> stored = observer.database().getCollection(collection);
            var filler = Filler.with(
                    Stream.concat(arguments.stream(), Stream.of("--url", Filler.url(server.port()), "--timeout", "20s"))
                            .toArray(String[]::new));
            var run = filler.start();
            try {
                Await.until("500 records stored", WAIT, () -> stored.estimatedDocumentCount() >= 500);
            } finally {
                store.close();
            }
            Await.until(
                    "the loader told of an unavailable store",
                    WAIT,
                    () -> filler.err().contains("the server answered unavailable"));
            store = EmbeddedStore.start(Optional.of(file), storePort);
            assertEquals(0, run.get(WAIT.toSeconds(), TimeUnit.SECONDS), filler::transcript);
            assertAccountedFor(filler, total);
            afterwards.accept(filler, stored);
        } finally {
            store.close();
        }
    }

    private static void assertAccountedFor(Filler filler, int total) {
        Filler.Summary summary = filler.summary();
        assertEquals(total, summary.inserted() + summary.duplicates(), filler::transcript);
        assertEquals(0, summary.failed(), filler::transcript);
    }
}
