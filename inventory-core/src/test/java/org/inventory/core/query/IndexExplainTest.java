package org.inventory.core.query;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreAdmin;
import org.inventory.core.store.StoreLocation;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * On a real MongoDB ({@code INVENTORY_TEST_MONGODB_URL}): with the indexes the README recommends (a sorted field's
 * index ends with {@code _id}, as every order does), the queries it says stay cheap are answered from an index in
 * order (IXSCAN, no in-memory SORT), and the plans are printed for the README. The
 * embedded store has no query planner, so without a real MongoDB this is skipped, saying so.
 */
class IndexExplainTest {
    private static final String COLLECTION = "index_explain";

    @Test
    void indexed_filters_and_sorts_use_the_index() {
        if (!TestStore.external()) {
            String reason = "IndexExplainTest skipped: it needs a real MongoDB in " + TestStore.URL_VARIABLE
                    + " (the embedded store has no query planner)";
            System.err.println(reason);
            Assumptions.abort(reason);
        }
        var records = TestStore.emptyCollection(COLLECTION);
        var batch = new ArrayList<Document>();
        for (int i = 0; i < 2000; i++) {
            batch.add(new Document("sku", "SKU-" + i)
                    .append("category", "c" + i % 10)
                    .append("quantity", i % 97)
                    .append("updated_at", "2026-11-" + (10 + i % 20)));
        }
        records.insertMany(batch);
        try (Store store = Store.open(
                StoreLocation.remote(TestStore.url(), TestStore.database().getName()), Duration.ofSeconds(10))) {
            new StoreAdmin(store, COLLECTION)
                    .ensureIndexes(IndexSpec.parseList("sku,category+quantity+_id,-updated_at+_id"));
        }
        for (List<String> query : List.of(
                List.of("{\"sku\":\"SKU-7\"}", "{\"_id\":1}"),
                List.of(
                        "{\"category\":\"c3\",\"quantity\":{\"$gte\":50}}",
                        "{\"category\":1,\"quantity\":1,\"_id\":1}"),
                List.of("{\"category\":\"c3\"}", "{\"quantity\":-1,\"_id\":-1}"),
                List.of("{}", "{\"updated_at\":-1,\"_id\":1}"))) {
            Document explain = TestStore.database()
                    .runCommand(new Document(
                                    "explain",
                                    new Document("find", COLLECTION)
                                            .append("filter", Document.parse(query.get(0)))
                                            .append("sort", Document.parse(query.get(1)))
                                            .append("limit", 51))
                            .append("verbosity", "queryPlanner"));
            String plan = explain.get("queryPlanner", Document.class)
                    .get("winningPlan", Document.class)
                    .toJson();
            System.out.println("explain " + query + ": " + plan);
            // From the index, in order: no stage sorts in memory.
            assertTrue(plan.contains("IXSCAN") && !plan.contains("\"SORT\""), plan);
        }
    }
}
