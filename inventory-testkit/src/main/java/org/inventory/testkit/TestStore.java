package org.inventory.testkit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.inventory.embedded.EmbeddedStore;

/**
 * The store every test of a run shares: the MongoDB named by {@code INVENTORY_TEST_MONGODB_URL} when it is set,
 * else one embedded in-memory store started on first use. Each test class takes its own collection. Tests look
 * at what was stored through the driver itself, not through the code under test.
 */
public final class TestStore {
    public static final String URL_VARIABLE = "INVENTORY_TEST_MONGODB_URL";
    private static MongoClient client;
    private static MongoDatabase database;
    private static String url;

    private TestStore() {}

    /** The connection string tests give the service as {@code MONGODB_URL}. */
    public static synchronized String url() {
        open();
        return url;
    }

    /** The shared store's database, for tests to look at what was stored. */
    public static synchronized MongoDatabase database() {
        open();
        return database;
    }

    /** Whether the tests run against a real MongoDB rather than the embedded store. */
    public static boolean external() {
        String external = System.getenv(URL_VARIABLE);
        return external != null && !external.isBlank();
    }

    private static void open() {
        if (client != null) {
            return;
        }
        if (external()) {
            url = System.getenv(URL_VARIABLE);
        } else {
            EmbeddedStore embedded = EmbeddedStore.start(Optional.empty());
            url = embedded.url();
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "test-store-shutdown"));
        }
        var connection = new ConnectionString(url);
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(connection)
                .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build());
        database =
                client.getDatabase(Optional.ofNullable(connection.getDatabase()).orElse(EmbeddedStore.DATABASE));
        // The shared store lives as long as the test JVM; closing it earlier would break later classes.
        Runtime.getRuntime().addShutdownHook(new Thread(client::close, "test-store-client-shutdown"));
    }

    /** An empty collection of the given name on the shared store (dropped first, as each test starts clean). */
    public static MongoCollection<Document> emptyCollection(String name) {
        var collection = database().getCollection(name);
        collection.drop();
        return collection;
    }
}
