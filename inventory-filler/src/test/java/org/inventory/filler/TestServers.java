package org.inventory.filler;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestStore;
import org.inventory.server.InventoryServer;

/** Real servers for the loader's tests, on the shared test store unless told otherwise, and waiting with deadlines. */
final class TestServers {
    private TestServers() {
    }

    /** A server on a free port of 127.0.0.1 storing into {@code collection}; {@code more} adds or overrides variables. */
    static InventoryServer start(String collection, Map<String, String> more) {
        return InventoryServer.start(settings(collection, 0, more));
    }

    static Settings settings(String collection, int port, Map<String, String> more) {
        var env = new HashMap<String, String>();
        env.put("MONGODB_URL", TestStore.url());
        env.put("API_HOST", "127.0.0.1");
        env.put("API_PORT", Integer.toString(port));
        env.put("INVENTORY_COLLECTION_NAME", collection);
        env.putAll(more);
        return Settings.from(env);
    }

    static String url(int port) {
        return "ws://127.0.0.1:" + port + "/";
    }

    /** The hex {@code _id}s stored in the collection. */
    static Set<String> storedIds(MongoCollection<Document> collection) {
        var ids = new HashSet<String>();
        for (Document document : collection.find().projection(Projections.include("_id"))) {
            ids.add(document.getObjectId("_id").toHexString());
        }
        return ids;
    }

    /** The {@code _id}s of records {@code 0..count-1} of the seed. */
    static Set<String> expectedIds(long seed, int count) {
        var generator = new RecordGenerator(seed);
        var ids = new HashSet<String>();
        for (long i = 0; i < count; i++) {
            ids.add(generator.id(i));
        }
        return ids;
    }

    /** Waits until the condition holds, checking every 20 ms; fails after {@code within}. */
    static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up waiting after " + within + " for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
