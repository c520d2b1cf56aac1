package org.inventory.testkit;

import java.util.HashMap;
import java.util.Map;

/**
 * The variables of a test server, in the one place they are written: what {@code Settings.from} takes for a server
 * in the test's JVM ({@code InventoryServer.start(Settings.from(TestEnv.server(COLLECTION)))}), or what a
 * {@link ServerProcess} gets. The kit cannot see the server's classes, so it hands out the map, not the server.
 */
public final class TestEnv {
    private TestEnv() {}

    /** A server on a free port of 127.0.0.1, storing into {@code collection} of the shared {@link TestStore}. */
    public static Map<String, String> server(String collection) {
        return server(collection, Map.of());
    }

    /**
     * As {@link #server(String)}, with {@code overrides} added or replacing those variables, e.g. another
     * {@code MONGODB_URL} (the shared test store is then not even started) or a fixed {@code API_PORT}.
     */
    public static Map<String, String> server(String collection, Map<String, String> overrides) {
        var env = new HashMap<String, String>();
        if (!overrides.containsKey("MONGODB_URL")) {
            env.put("MONGODB_URL", TestStore.url());
        }
        env.put("API_HOST", "127.0.0.1");
        env.put("API_PORT", "0");
        env.put("INVENTORY_COLLECTION_NAME", collection);
        // Tests read their own writes at once: insight answers are not kept unless a test asks for it.
        env.put("INVENTORY_INSIGHT_CACHE_SECONDS", "0");
        env.putAll(overrides);
        return Map.copyOf(env);
    }
}
