package org.inventory.server;

import java.util.HashMap;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestStore;

/** Starts servers for tests: port 0 on loopback, on the shared test store, each over a fresh collection. */
final class TestServers {
    private TestServers() {
    }

    /** A server over the collection {@code name}, emptied first; {@code env} adds or overrides variables. */
    static InventoryServer start(String collection, Map<String, String> env) {
        TestStore.emptyCollection(collection);
        var vars = new HashMap<String, String>();
        vars.put("MONGODB_URL", TestStore.url());
        vars.put("API_HOST", "127.0.0.1");
        vars.put("API_PORT", "0");
        vars.put("INVENTORY_COLLECTION_NAME", collection);
        vars.putAll(env);
        return InventoryServer.start(Settings.from(vars));
    }

    static InventoryServer start(String collection) {
        return start(collection, Map.of());
    }

    static MongoCollection<Document> collection(String name) {
        return TestStore.database().getCollection(name);
    }
}
