package org.inventory.benchmarks;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.types.ObjectId;
import org.inventory.core.query.Cursor;
import org.inventory.core.query.SortSpec;
import org.inventory.embedded.EmbeddedStore;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;

/**
 * The embedded in-memory store at the size a newcomer loads, not a test: for each store, records of about 1 KB are
 * loaded through the driver (unordered {@code insertMany} of 500, one client, after 100,000 into another collection,
 * dropped, to warm up), then the heap they hold is measured
 * after a full collection, then one client times {@code /display} page 1, a cursor page in the middle and the last
 * cursor page (each beside the raw driver's same query). The stock mongo-java-server in-memory store runs first, at a
 * size it can hold in this heap, then the compact store at that size and at the full size, all in the same run.
 * <p>
 * Arguments (all optional): records (1000000), records for the stock store (100000), requests per page (41). Run it
 * from the project root with
 * <pre>./build -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=EmbeddedStoreBenchmark [-Dbenchmark.args="1000000 100000 41"]</pre>
 * About five minutes on 2 cores (the JVM gets {@code -Xmx4g}: the stock store would need some 5 GB for a million).
 * <p>
 * With {@code h2} as first argument it compares the H2 file stores instead ({@code MONGODB_URL=embedded:FILE}):
 * mongo-java-server's own H2 backend and the embedded store's, in new temporary files, by default at 50,000
 * records each: {@code -Dbenchmark.args="h2 [records] [stock records] [requests]"}. The heap figure then says
 * little (H2 keeps the records on disk, with a cache).
 */
public final class EmbeddedStoreBenchmark {
    private static final int BATCH = 500;
    private static final int PER_PAGE = 50;
    private static final int WARM_UP = 5;
    /** Where ingest is timed: the first and the last this many records. */
    private static final int WINDOW = 50_000;

    private static final int WARM_UP_RECORDS = 100_000;

    public static void main(String[] args) throws Exception {
        boolean h2 = args.length > 0 && args[0].equals("h2");
        String[] sizes = h2 ? Arrays.copyOfRange(args, 1, args.length) : args;
        int records = sizes.length > 0 ? Integer.parseInt(sizes[0]) : h2 ? 50_000 : 1_000_000;
        int stockRecords = sizes.length > 1 ? Integer.parseInt(sizes[1]) : h2 ? records : 100_000;
        int requests = sizes.length > 2 ? Integer.parseInt(sizes[2]) : 41;
        System.out.printf(
                Locale.ROOT,
                "records of about 1 KB, insertMany of %d from one client; heap after a full GC;"
                        + " p50 of %d requests from one client after %d to warm up, per_page=%d%n%n",
                BATCH,
                requests,
                WARM_UP,
                PER_PAGE);
        System.out.printf(
                Locale.ROOT,
                "%-26s | %10s %10s | %9s %9s %6s | %-29s | %-29s%n",
                "store, records",
                "heap MB",
                "B/record",
                "rec/s 1st",
                "rec/s last",
                "ratio",
                "/display p50 ms: 1st mid last",
                "driver p50 ms: 1st mid last");
        System.out.println("-".repeat(140));
        if (h2) {
            run("stock H2 file, " + stockRecords, stockRecords, requests, EmbeddedStoreBenchmark::stockH2Store);
            run("ordered H2 file, " + records, records, requests, EmbeddedStoreBenchmark::orderedH2Store);
        } else {
            run("stock, " + stockRecords, stockRecords, requests, EmbeddedStoreBenchmark::stockStore);
            run("compact, " + stockRecords, stockRecords, requests, EmbeddedStoreBenchmark::compactStore);
            run("compact, " + records, records, requests, EmbeddedStoreBenchmark::compactStore);
        }
        System.out.printf(
                Locale.ROOT,
                "%nrec/s 1st and last: the load's rate over its first and its last %,d records;"
                        + " ratio: last / first%n",
                WINDOW);
    }

    /** A store to measure: its URL, and how to stop it. */
    private record TestedStore(String url, AutoCloseable stop) {}

    private static TestedStore stockStore() {
        var server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        return new TestedStore(
                "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/test", server::shutdownNow);
    }

    /** mongo-java-server's own H2 backend, in a new file deleted when it stops. */
    private static TestedStore stockH2Store() throws IOException {
        Path file = Files.createTempFile("stock-h2", ".mv.db");
        Files.delete(file);
        var server = new MongoServer(new H2Backend(file.toString()));
        server.bind("127.0.0.1", 0);
        return new TestedStore("mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/test", () -> {
            server.shutdownNow();
            Files.deleteIfExists(file);
        });
    }

    /** The embedded store's H2 file ({@code MONGODB_URL=embedded:FILE}), in a new file deleted when it stops. */
    private static TestedStore orderedH2Store() throws IOException {
        Path file = Files.createTempFile("embedded-h2", ".mv.db");
        Files.delete(file);
        var store = EmbeddedStore.start(Optional.of(file.toString()));
        return new TestedStore(store.url(), () -> {
            store.close();
            Files.deleteIfExists(file);
        });
    }

    private static TestedStore compactStore() {
        var store = EmbeddedStore.start(Optional.empty());
        return new TestedStore(store.url(), store);
    }

    private static void run(String name, int count, int requests, Callable<TestedStore> start) throws Exception {
        long heapBefore = liveHeap();
        TestedStore store = start.call();
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(store.url()))
                .applyToSocketSettings(s -> s.readTimeout(10, TimeUnit.MINUTES))
                .build())) {
            var collection = client.getDatabase(EmbeddedStore.DATABASE).getCollection("benchmark", BsonDocument.class);
            // The insert path compiled and the heap grown first: the first window then measures the store, not the JIT.
            load(
                    client.getDatabase(EmbeddedStore.DATABASE).getCollection("warm_up", BsonDocument.class),
                    WARM_UP_RECORDS);
            client.getDatabase(EmbeddedStore.DATABASE).getCollection("warm_up").drop();
            // Its records collected now, not during the first window.
            liveHeap();
            Load load = load(collection, count);
            long heap = liveHeap() - heapBefore;
            Pages pages = pages(store.url(), collection, load.ids(), requests);
            System.out.printf(
                    Locale.ROOT,
                    "%-26s | %,10.0f %,10.0f | %,9.0f %,9.0f %5.2fx | %8.1f %8.1f %8.1f    | %8.1f %8.1f %8.1f%n",
                    name,
                    heap / 1e6,
                    heap / (double) count,
                    load.firstRate(),
                    load.lastRate(),
                    load.lastRate() / load.firstRate(),
                    pages.server()[0],
                    pages.server()[1],
                    pages.server()[2],
                    pages.driver()[0],
                    pages.driver()[1],
                    pages.driver()[2]);
        } finally {
            store.stop().close();
        }
    }

    /** What loading took: the ids in order, and the rates over the first and the last {@link #WINDOW} records. */
    private record Load(List<ObjectId> ids, double firstRate, double lastRate) {}

    private static Load load(MongoCollection<BsonDocument> collection, int count) {
        var random = new Random(42);
        var ids = new ArrayList<ObjectId>(count);
        var batch = new ArrayList<BsonDocument>(BATCH);
        long start = System.nanoTime();
        long firstEnd = 0;
        long lastStart = 0;
        for (int i = 0; i < count; i++) {
            if (i == count - Math.min(WINDOW, count)) {
                lastStart = System.nanoTime();
            }
            var id = new ObjectId();
            ids.add(id);
            batch.add(DisplayBenchmark.record(id, i, random));
            if (batch.size() == BATCH || i == count - 1) {
                collection.insertMany(batch, new InsertManyOptions().ordered(false));
                batch.clear();
            }
            if (i + 1 == Math.min(WINDOW, count)) {
                firstEnd = System.nanoTime();
            }
        }
        long end = System.nanoTime();
        ids.sort(null);
        int window = Math.min(WINDOW, count);
        return new Load(ids, window / ((firstEnd - start) / 1e9), window / ((end - lastStart) / 1e9));
    }

    /** p50 in ms of page 1, the cursor page in the middle and the last cursor page: through the server, and raw. */
    @SuppressWarnings("ArrayRecordComponent") // printed, never compared or hashed
    private record Pages(double[] server, double[] driver) {}

    private static Pages pages(String url, MongoCollection<BsonDocument> raw, List<ObjectId> ids, int requests)
            throws Exception {
        Settings settings = Settings.from(Map.of(
                "MONGODB_URL",
                url,
                "API_HOST",
                "127.0.0.1",
                "API_PORT",
                "0",
                "INVENTORY_COLLECTION_NAME",
                "benchmark",
                "LOG_LEVEL",
                "WARN",
                "INVENTORY_STORE_TIMEOUT_MS",
                "120000"));
        ObjectId middle = ids.get(ids.size() / 2);
        ObjectId last = ids.get(Math.max(0, ids.size() - PER_PAGE - 1));
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (InventoryServer server = InventoryServer.start(settings)) {
            String base = "http://127.0.0.1:" + server.port() + "/display?per_page=" + PER_PAGE;
            double[] viaServer = {
                p50(requests, () -> get(http, base)),
                p50(requests, () -> get(http, base + "&after=" + middle.toHexString())),
                p50(requests, () -> get(http, base + "&after=" + last.toHexString()))
            };
            BsonDocument afterMiddle = after(raw, middle);
            BsonDocument afterLast = after(raw, last);
            double[] viaDriver = {
                p50(requests, () -> page(raw, new BsonDocument())),
                p50(requests, () -> page(raw, afterMiddle)),
                p50(requests, () -> page(raw, afterLast))
            };
            return new Pages(viaServer, viaDriver);
        }
    }

    private static int get(HttpClient http, String uri) throws Exception {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .timeout(Duration.ofMinutes(5))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        return response.body().length;
    }

    /** {@code RecordQueries}' query for a page: the condition, by _id, one record more than the page. */
    private static int page(MongoCollection<BsonDocument> raw, BsonDocument condition) {
        return raw.find(condition)
                .sort(SortSpec.byId().toBson())
                .limit(PER_PAGE + 1)
                .into(new ArrayList<>())
                .size();
    }

    /** The keyset condition the service's cursor sends for the records after this one. */
    private static BsonDocument after(MongoCollection<BsonDocument> raw, ObjectId id) {
        return Cursor.after(raw.find(Filters.eq("_id", id)).first(), SortSpec.byId())
                .condition(SortSpec.byId());
    }

    private static double p50(int requests, Callable<Integer> request) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            request.call();
        }
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            request.call();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[requests / 2] / 1e6;
    }

    /** The heap in use after full collections: what the live objects take. */
    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
