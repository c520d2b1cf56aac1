package org.inventory.core;

import java.time.Duration;
import java.util.Optional;

/**
 * The store every test of a run shares: the MongoDB named by {@code INVENTORY_TEST_MONGODB_URL} when it is set,
 * else one embedded in-memory store started on first use. Each test class takes its own collection.
 */
public final class TestStore {
    public static final String URL_VARIABLE = "INVENTORY_TEST_MONGODB_URL";
    private static Store shared;
    private static String url;

    private TestStore() {
    }

    /** The connection string tests give the service as {@code MONGODB_URL}. */
    public static synchronized String url() {
        open();
        return url;
    }

    /** A client on the shared store, for tests to look at what was stored. */
    public static synchronized Store store() {
        return open();
    }

    private static Store open() {
        if (shared == null) {
            String external = System.getenv(URL_VARIABLE);
            if (external != null && !external.isBlank()) {
                var connection = new com.mongodb.ConnectionString(external);
                shared = Store.open(StoreLocation.remote(external,
                        Optional.ofNullable(connection.getDatabase()).orElse("test")), Duration.ofSeconds(10));
                url = external;
            } else {
                shared = Store.open(StoreLocation.inMemory(), Duration.ofSeconds(10));
                url = shared.embedded().orElseThrow().url();
            }
            // The shared store lives as long as the test JVM; closing it earlier would break later classes.
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "test-store-shutdown"));
        }
        return shared;
    }

    /** An empty collection of the given name on the shared store (dropped first, as each test starts clean). */
    public static com.mongodb.client.MongoCollection<org.bson.Document> emptyCollection(String name) {
        var collection = store().database().getCollection(name);
        collection.drop();
        return collection;
    }
}
