package org.inventory.benchmarks;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreLocation;
import org.inventory.embedded.EmbeddedStore;
import org.inventory.testkit.ServerProcess;

/**
 * How fast {@code /export} streams against the raw driver reading the same cursor into a null sink, and whether its
 * heap comes back, not a test. It loads records of about 1 KB into an embedded in-memory store in this JVM, starts the
 * server as users do ({@code docker/run_server}) with {@code JAVA_OPTS=-Xmx128m}, and in each round reads every record
 * three ways, taking turns: the driver ({@code find().sort(_id)}, raw BSON, counted and dropped), the server's
 * NDJSON and its CSV (over HTTP, read and dropped). It prints each round's records/s, the median ratios, and the
 * server's live heap (after a full collection) before and after.
 * <p>
 * Arguments (all optional): records (200000), rounds (5). From the project root, after packaging the server that
 * {@code docker/run_server} starts:
 * <pre>./build -B -q package -DskipTests && ./build -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=ExportBenchmark [-Dbenchmark.args="200000 5"]</pre>
 */
public final class ExportBenchmark {
    private static final String COLLECTION = "export_benchmark";

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (var embedded = EmbeddedStore.start(Optional.empty());
                Store store = Store.open(
                        StoreLocation.remote(embedded.url(), EmbeddedStore.DATABASE), Duration.ofSeconds(60))) {
            DisplayBenchmark.load(store.database().getCollection(COLLECTION, BsonDocument.class), records);
            MongoCollection<RawBsonDocument> raw = store.database().getCollection(COLLECTION, RawBsonDocument.class);
            try (var server = ServerProcess.startAsUsersDo(Map.of(
                    "MONGODB_URL",
                    embedded.url(),
                    "API_HOST",
                    "127.0.0.1",
                    "INVENTORY_COLLECTION_NAME",
                    COLLECTION,
                    "LOG_LEVEL",
                    "WARN",
                    "INVENTORY_QUERY_TIMEOUT_MS",
                    "600000",
                    "JAVA_OPTS",
                    "-Xmx128m"))) {
                server.awaitHealthy(Duration.ofSeconds(60));
                var http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                String base = "http://127.0.0.1:" + server.port();
                read(http, base + "/export?format=ndjson");
                long baseline = server.liveHeapBytes();
                System.out.printf(
                        Locale.ROOT,
                        "%n%,d records; server with -Xmx128m through docker/run_server; records/s:%n%n"
                                + "%-6s | %12s | %12s | %12s | %8s | %8s%n",
                        records,
                        "round",
                        "raw driver",
                        "NDJSON",
                        "CSV",
                        "NDJSON",
                        "CSV");
                var ndjsonRatios = new ArrayList<Double>();
                var csvRatios = new ArrayList<Double>();
                for (int round = 1; round <= rounds; round++) {
                    double driver = rate(records, () -> driver(raw));
                    double ndjson = rate(records, () -> read(http, base + "/export?format=ndjson"));
                    double csv = rate(records, () -> read(http, base + "/export?format=csv"));
                    ndjsonRatios.add(ndjson / driver);
                    csvRatios.add(csv / driver);
                    System.out.printf(
                            Locale.ROOT,
                            "%-6d | %,12.0f | %,12.0f | %,12.0f | %7.0f%% | %7.0f%%%n",
                            round,
                            driver,
                            ndjson,
                            csv,
                            100 * ndjson / driver,
                            100 * csv / driver);
                }
                long after = server.liveHeapBytes();
                System.out.printf(
                        Locale.ROOT,
                        "%nmedian of the server's rate to the driver's: NDJSON %.0f %%, CSV %.0f %%%n",
                        100 * median(ndjsonRatios),
                        100 * median(csvRatios));
                System.out.printf(
                        Locale.ROOT,
                        "server live heap after a full collection: %.1f MiB before the exports," + " %.1f MiB after%n",
                        baseline / 1048576.0,
                        after / 1048576.0);
            }
        }
    }

    /** Every record through the driver, as raw BSON, counted and dropped: the store's and the driver's share alone. */
    private static long driver(MongoCollection<RawBsonDocument> raw) {
        long bytes = 0;
        for (RawBsonDocument record : raw.find().sort(Sorts.ascending("_id")).batchSize(1000)) {
            bytes += record.getByteBuffer().remaining();
        }
        return bytes;
    }

    private static long read(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<InputStream> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = response.body()) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                bytes += n;
            }
        }
        return bytes;
    }

    private interface Run {
        long run() throws Exception;
    }

    private static double rate(int records, Run run) throws Exception {
        long start = System.nanoTime();
        run.run();
        return records / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
