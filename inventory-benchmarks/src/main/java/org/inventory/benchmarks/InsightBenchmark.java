package org.inventory.benchmarks;

import com.mongodb.client.MongoCollection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreLocation;
import org.inventory.embedded.EmbeddedStore;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;

/**
 * How long {@code /schema} (the default sample of 1000), {@code /summary} by one path with a sum, and
 * {@code /overview}'s first paint (its whole HTML, as a browser gets it before it draws) take on the embedded
 * in-memory store, not a test. It loads generated inventory records (some 250 bytes each, with ObjectIds spread
 * over the last 30 days, so the last hour holds 1/720 of them), starts the server on it and times each request
 * one after the other from one client, after a warm-up, printing p50 and p90: each computed anew
 * ({@code Cache-Control: no-cache}), then as a refresh that the insight cache answers
 * ({@code INVENTORY_INSIGHT_CACHE_SECONDS}, 10 s by default). The targets at 1,000,000 records: 300 ms, 2 s and 2.5 s
 * p50.
 * <p>
 * Arguments (all optional): records (10000), requests per case (15). Run it from the project root with
 * <pre>./build -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=InsightBenchmark -Dbenchmark.args="1000000 7"</pre>
 */
public final class InsightBenchmark {
    private static final List<String> CATEGORIES =
            List.of("tools", "garden", "kitchen", "toys", "paint", "office", "sports", "lighting");
    private static final List<String> STATUSES =
            List.of("in_stock", "in_stock", "in_stock", "low_stock", "out_of_stock");

    private InsightBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        String collection = "insight";
        try (var embedded = EmbeddedStore.start(java.util.Optional.empty());
                Store store = Store.open(
                        StoreLocation.remote(embedded.url(), EmbeddedStore.DATABASE), Duration.ofSeconds(60))) {
            long loadStart = System.nanoTime();
            load(store.database().getCollection(collection), records);
            System.out.printf(
                    Locale.ROOT, "loaded %,d records in %.1f s%n", records, (System.nanoTime() - loadStart) / 1e9);
            Settings settings = Settings.from(Map.of(
                    "MONGODB_URL",
                    embedded.url(),
                    "API_HOST",
                    "127.0.0.1",
                    "API_PORT",
                    "0",
                    "INVENTORY_COLLECTION_NAME",
                    collection,
                    "LOG_LEVEL",
                    "WARN",
                    "INVENTORY_STORE_TIMEOUT_MS",
                    "120000",
                    "INVENTORY_QUERY_TIMEOUT_MS",
                    "120000",
                    "INVENTORY_INSIGHT_CACHE_SECONDS",
                    "600"));
            try (var server = InventoryServer.start(settings)) {
                var http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                String base = "http://127.0.0.1:" + server.port();
                for (String path : List.of("/schema", "/summary?group=category&sum=quantity", "/overview")) {
                    // Computed anew each time (Cache-Control: no-cache), then as a refresh within the cache's time.
                    time(http, base + path, requests, records, true);
                    time(http, base + path, requests, records, false);
                }
            }
        }
    }

    private static void time(HttpClient http, String url, int requests, int records, boolean fresh) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html,application/json");
        if (fresh) {
            builder.header("Cache-Control", "no-cache");
        }
        var request = builder.build();
        for (int i = 0; i < 2; i++) {
            check(http.send(request, HttpResponse.BodyHandlers.ofString()), url);
        }
        long[] millis = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            check(http.send(request, HttpResponse.BodyHandlers.ofString()), url);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf(
                Locale.ROOT,
                "%,10d records  %-40s %-8s p50 %6d ms  p90 %6d ms  (%d requests)%n",
                records,
                url.substring(url.indexOf('/', 8)),
                fresh ? "computed" : "cached",
                millis[requests / 2],
                millis[Math.min(requests - 1, requests * 9 / 10)],
                requests);
    }

    private static void check(HttpResponse<String> response, String url) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
        }
    }

    private static void load(MongoCollection<Document> collection, int records) {
        var random = new Random(29);
        long now = Instant.now().toEpochMilli();
        long month = Duration.ofDays(30).toMillis();
        var batch = new ArrayList<Document>(1000);
        for (int i = 0; i < records; i++) {
            var record = new Document(
                            "_id",
                            new ObjectId((int) ((now - (long) (random.nextDouble() * month)) / 1000), i & 0xffffff))
                    .append("sku", "SKU-%07d".formatted(i))
                    .append("name", "Item " + i)
                    .append("category", CATEGORIES.get(random.nextInt(CATEGORIES.size())))
                    .append(
                            "warehouse",
                            new Document("code", "W" + random.nextInt(12)).append("city", "City " + random.nextInt(12)))
                    .append("status", STATUSES.get(random.nextInt(STATUSES.size())))
                    .append("quantity", random.nextInt(1000))
                    .append("price", Math.round(random.nextDouble() * 100_000) / 100.0)
                    .append("tags", List.of("t" + random.nextInt(5), "all"));
            batch.add(record);
            if (batch.size() == 1000) {
                collection.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            collection.insertMany(batch);
        }
    }
}
