package org.inventory.server.insight;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.server.http.FindParameters;
import org.inventory.testkit.Http;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;

/** A server on port 0 over its own collection of the test store, and generated inventory records with gaps. */
final class InsightFixture implements AutoCloseable {
    static final List<String> CATEGORIES = List.of("tools", "garden", "kitchen", "toys", "paint");
    static final List<String> STATUSES = List.of("in_stock", "low_stock", "out_of_stock");

    final InventoryServer server;
    final String collection;

    private InsightFixture(InventoryServer server, String collection) {
        this.server = server;
        this.collection = collection;
    }

    static InsightFixture start(String collection) {
        return start(collection, Map.of());
    }

    static InsightFixture start(String collection, Map<String, String> settings) {
        TestStore.emptyCollection(collection);
        return new InsightFixture(
                InventoryServer.start(Settings.from(TestEnv.server(collection, settings))), collection);
    }

    /**
     * {@code n} records: {@code category} mostly a string, sometimes null, missing, a number or a boolean;
     * {@code warehouse.code} nested, sometimes missing; {@code status}; {@code quantity} mostly an integer,
     * sometimes a double, a string or missing; {@code price} a double or missing.
     */
    static List<Document> records(int n, long seed) {
        var random = new Random(seed);
        var records = new ArrayList<Document>();
        for (int i = 0; i < n; i++) {
            var record = new Document("sku", "SKU-%06d".formatted(i));
            int kind = random.nextInt(20);
            if (kind == 0) {
                record.append("category", null);
            } else if (kind == 1) {
                record.append("category", random.nextInt(3));
            } else if (kind == 2) {
                record.append("category", random.nextBoolean());
            } else if (kind != 3) {
                record.append("category", CATEGORIES.get(random.nextInt(CATEGORIES.size())));
            }
            if (random.nextInt(10) != 0) {
                record.append("warehouse", new Document("code", "W" + random.nextInt(4)));
            } else if (random.nextBoolean()) {
                record.append("warehouse", new Document("city", "Lyon"));
            }
            record.append("status", STATUSES.get(random.nextInt(STATUSES.size())));
            int q = random.nextInt(20);
            if (q == 0) {
                record.append("quantity", "many");
            } else if (q == 1) {
                record.append("quantity", random.nextInt(100) + 0.5);
            } else if (q != 2) {
                record.append("quantity", random.nextInt(500));
            }
            if (random.nextInt(4) != 0) {
                record.append("price", Math.round(random.nextDouble() * 10000) / 100.0);
            }
            if (random.nextInt(3) == 0) {
                record.append("tags", List.of("a", "b").subList(0, 1 + random.nextInt(2)));
            }
            records.add(record);
        }
        return records;
    }

    void store(List<Document> records) {
        for (Document record : records) {
            record.putIfAbsent("_id", new ObjectId());
        }
        for (int from = 0; from < records.size(); from += 10_000) {
            TestStore.database()
                    .getCollection(collection)
                    .insertMany(records.subList(from, Math.min(records.size(), from + 10_000)));
        }
    }

    void empty() {
        TestStore.emptyCollection(collection);
    }

    HttpResponse<String> get(String pathAndQuery) {
        return Http.get(server.port(), pathAndQuery);
    }

    BsonDocument json(String pathAndQuery) {
        HttpResponse<String> response = get(pathAndQuery);
        if (response.statusCode() != 200) {
            throw new AssertionError(pathAndQuery + ": " + response.statusCode() + " " + response.body());
        }
        return BsonDocument.parse(response.body());
    }

    /** The records {@code /export} gives for the filter, each parsed. */
    List<BsonDocument> export(String filter) {
        String query = filter == null ? "" : "?filter=" + FindParameters.encode(filter);
        HttpResponse<String> response = get("/export" + query);
        if (response.statusCode() != 200) {
            throw new AssertionError(response.body());
        }
        return response.body().lines().map(BsonDocument::parse).toList();
    }

    static String encode(String value) {
        return FindParameters.encode(value);
    }

    @Override
    public void close() {
        server.close();
    }
}
