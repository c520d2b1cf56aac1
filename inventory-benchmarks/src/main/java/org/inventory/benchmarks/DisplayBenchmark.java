package org.inventory.benchmarks;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Sorts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
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
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.inventory.core.query.Cursor;
import org.inventory.core.query.FilterSpec;
import org.inventory.core.query.SortSpec;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreLocation;
import org.inventory.embedded.EmbeddedStore;
import org.inventory.server.InventoryServer;
import org.inventory.server.browse.HtmlPages;
import org.inventory.server.config.Settings;
import org.inventory.server.http.FindParameters;

/**
 * How much {@code /display} adds to the store's own time for the same query, not a test. It loads records of about
 * 1 KB into an embedded in-memory store, starts the server on it and, with concurrent clients, times the server's
 * answer and the raw driver's query for page 1, a middle page, the last page and a deep cursor page, then a filtered
 * and sorted page 1 and a cursor page deep in that result, case after case in the same run. The embedded store sorts the whole collection for every sorted query (a real MongoDB walks the
 * {@code _id} index), so absolute times say little; the ratio says what the service costs on top.
 * <p>
 * Arguments (all optional): records (200000), requests per case and side (48), concurrent clients (8). Run it from
 * the project root with
 * <pre>./build -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=DisplayBenchmark [-Dbenchmark.args="200000 48 8"]</pre>
 * About three minutes on 2 cores, most of it the embedded store sorting.
 * <p>
 * With {@code html} as first argument it times the HTML page alone instead, in this process: no store, no HTTP.
 * Page 1 of a collection of 200,000 such records, per_page of them, is rendered again and again to a stream that
 * discards it, on one thread. Given another build's server jar, it renders that build's page too (its classes of
 * this package loaded from the jar), the two taking turns to go first in each round; a round's ratio is this
 * build's CPU time per page to the baseline's in the same round (the rendering thread's: the host's other work
 * moves it far less than the wall-clock time), and the summary gives their median and range.
 * Arguments then: {@code html [per_page] [rounds] [baseline server jar]}, by default 50 and 15:
 * <pre>./build -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=DisplayBenchmark -Dbenchmark.args="html 50 15 /path/to/inventory-server.jar"</pre>
 */
public final class DisplayBenchmark {
    private static final Bson BY_ID = Sorts.ascending("_id");
    private static final int PER_PAGE = 50;
    private static final int WARM_UP = 24;
    private static final String FIND_FILTER = "{\"category\":\"tools\",\"quantity\":{\"$gte\":1000}}";
    private static final String FIND_SORT = "-price.amount,sku";
    /** INVENTORY_COUNT_LIMIT's default, as the server counts. */
    private static final int COUNT_LIMIT = 100_000;

    private final int clients;
    private final int requests;
    private final HttpClient http;
    private final String base;
    private final MongoCollection<RawBsonDocument> raw;
    private final ExecutorService pool;

    private DisplayBenchmark(int clients, int requests, String base, MongoCollection<RawBsonDocument> raw) {
        this.clients = clients;
        this.requests = requests;
        this.base = base;
        this.raw = raw;
        this.pool = Executors.newFixedThreadPool(clients);
        // HTTP/1.1 as browsers and curl speak to the service; the pool opens one connection per busy client.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("html")) {
            html(args);
            return;
        }
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 48;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String collection = "benchmark";

        try (var embedded = EmbeddedStore.start(java.util.Optional.empty());
                Store store = Store.open(
                        StoreLocation.remote(embedded.url(), EmbeddedStore.DATABASE), Duration.ofSeconds(60))) {
            List<ObjectId> ids = load(store.database().getCollection(collection, BsonDocument.class), records);
            Settings settings = Settings.from(Map.of(
                    "MONGODB_URL", embedded.url(),
                    "API_HOST", "127.0.0.1",
                    "API_PORT", "0",
                    "INVENTORY_COLLECTION_NAME", collection,
                    "LOG_LEVEL", "WARN",
                    // Eight clients queue behind a store that sorts everything: give them time.
                    "INVENTORY_STORE_TIMEOUT_MS", "120000"));
            try (InventoryServer server = InventoryServer.start(settings)) {
                var benchmark = new DisplayBenchmark(
                        clients,
                        requests,
                        "http://127.0.0.1:" + server.port(),
                        store.database().getCollection(collection, RawBsonDocument.class));
                try {
                    benchmark.run(ids);
                    benchmark.counts();
                } finally {
                    benchmark.pool.shutdownNow();
                }
            }
        }
    }

    private void run(List<ObjectId> ids) throws Exception {
        int pages = (ids.size() + PER_PAGE - 1) / PER_PAGE;
        int middle = (pages + 1) / 2;
        ObjectId deep = ids.get(ids.size() - PER_PAGE - 1);
        System.out.printf(
                Locale.ROOT,
                "%n%d clients, %d requests per case and side (taking turns in rounds of %d) after %d to warm up,"
                        + " per_page=%d; p99 is the nearest rank: with under 100 requests, the slowest%n%n",
                clients,
                requests,
                2 * clients,
                WARM_UP,
                PER_PAGE);
        System.out.printf(
                Locale.ROOT,
                "%-22s | %-28s | %-28s | %s%n",
                "",
                "server (HTTP, /display)",
                "raw driver (same query)",
                "overhead");
        System.out.printf(
                Locale.ROOT,
                "%-22s | %8s %8s %10s | %8s %8s %10s | %8s %8s%n",
                "case",
                "p50 ms",
                "p99 ms",
                "req/s",
                "p50 ms",
                "p99 ms",
                "req/s",
                "p50",
                "req/s");
        System.out.println("-".repeat(108));
        compare("page 1", "/display?page=1&per_page=" + PER_PAGE, () -> pageQuery(1));
        compare("page 1, HTML", "/display?page=1&per_page=" + PER_PAGE + "&format=html", () -> pageQuery(1));
        compare("middle page " + middle, "/display?page=" + middle + "&per_page=" + PER_PAGE, () -> pageQuery(middle));
        compare("last page " + pages, "/display?page=" + pages + "&per_page=" + PER_PAGE, () -> pageQuery(pages));
        // The store's keyset condition for the default order: after the _id within ObjectIds, or any later type.
        BsonDocument afterDeep = new Cursor(List.of(new BsonObjectId(deep))).condition(SortSpec.byId());
        compare(
                "cursor after #" + (ids.size() - PER_PAGE - 1),
                "/display?after=" + deep.toHexString() + "&per_page=" + PER_PAGE,
                () -> findQuery(afterDeep, SortSpec.byId()));
        find();
    }

    /**
     * Find: a filter and a sort on two keys, page 1 and a cursor page deep in the result (after 90 % of its matches),
     * each against the raw driver's same query ({@code RecordQueries}': the filter, and the keyset condition for the cursor
     * page, sorted, one record more than the page, with the time limit).
     */
    private void find() throws Exception {
        FilterSpec filter = FilterSpec.parse(FIND_FILTER);
        SortSpec sort = SortSpec.parse(FIND_SORT);
        List<RawBsonDocument> matches =
                raw.find(filter.filter()).sort(sort.toBson()).into(new ArrayList<>());
        Cursor deep = Cursor.after(matches.get(matches.size() * 9 / 10), sort);
        String token = deep.encode(raw.getNamespace().getFullName(), filter, sort);
        String query = "filter=" + FindParameters.encode(FIND_FILTER) + "&sort=" + FindParameters.encode(FIND_SORT)
                + "&per_page=" + PER_PAGE;
        // Page 1 of a filter has a total: the store counts the matches (no further than the count limit) for both
        // sides.
        compare(
                "find, page 1",
                "/display?" + query,
                () -> findQuery(filter.filter(), sort)
                        + (int) raw.countDocuments(
                                filter.filter(),
                                new CountOptions()
                                        .limit(COUNT_LIMIT + 1)
                                        .maxTime(5, java.util.concurrent.TimeUnit.SECONDS)));
        compare(
                "find, cursor at 90 %",
                "/display?" + query + "&after=" + token,
                () -> findQuery(
                        new BsonDocument("$and", new BsonArray(List.of(filter.filter(), deep.condition(sort)))), sort));
        System.out.printf(
                Locale.ROOT,
                "find: filter %s, sort %s: %,d matches; on page 1 both sides also count them (up to"
                        + " the count limit) for the total; a filtered cursor page does not count%n",
                FIND_FILTER,
                FIND_SORT,
                matches.size());
    }

    private int findQuery(BsonDocument condition, SortSpec sort) {
        return raw.find(condition)
                .sort(sort.toBson())
                .limit(PER_PAGE + 1)
                .maxTime(5, java.util.concurrent.TimeUnit.SECONDS)
                .into(new ArrayList<>(PER_PAGE + 1))
                .size();
    }

    /** The query {@code RecordQueries} runs for a numbered page. */
    private int pageQuery(int page) {
        return raw.find()
                .sort(BY_ID)
                .skip((page - 1) * PER_PAGE)
                .limit(PER_PAGE)
                .into(new ArrayList<>(PER_PAGE))
                .size();
    }

    private void compare(String name, String path, Callable<Integer> driverQuery) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(2))
                .build();
        Callable<Integer> serverQuery = () -> {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            return response.body().length;
        };
        for (int i = 0; i < WARM_UP; i++) {
            serverQuery.call();
            driverQuery.call();
        }
        // Server and driver take turns in rounds, so that a slow phase of the store (a GC pause, say) falls on both.
        var server = new Samples(requests);
        var driver = new Samples(requests);
        int perRound = 2 * clients;
        for (int done = 0; done < requests; done += perRound) {
            int count = Math.min(perRound, requests - done);
            run(serverQuery, count, server);
            run(driverQuery, count, driver);
        }
        System.out.printf(
                Locale.ROOT,
                "%-22s | %8.1f %8.1f %10.1f | %8.1f %8.1f %10.1f | %7.2fx %7.2fx%n",
                name,
                server.percentile(0.50),
                server.percentile(0.99),
                server.perSecond(),
                driver.percentile(0.50),
                driver.percentile(0.99),
                driver.perSecond(),
                server.percentile(0.50) / driver.percentile(0.50),
                driver.perSecond() / server.perSecond());
    }

    /** Runs {@code count} queries on the concurrent clients, each sending its share one after another. */
    private void run(Callable<Integer> query, int count, Samples samples) throws Exception {
        var done = new ArrayList<Future<?>>();
        long start = System.nanoTime();
        for (int client = 0; client < clients; client++) {
            int first = client;
            done.add(pool.submit(() -> {
                for (int i = first; i < count; i += clients) {
                    long t0 = System.nanoTime();
                    query.call();
                    samples.add(System.nanoTime() - t0);
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get(10, TimeUnit.MINUTES);
        }
        samples.elapsed(System.nanoTime() - start);
    }

    /** Latencies and the wall time they took. */
    private static final class Samples {
        private final long[] nanos;
        private int size;
        private long elapsed;

        Samples(int capacity) {
            nanos = new long[capacity];
        }

        synchronized void add(long latency) {
            nanos[size++] = latency;
        }

        void elapsed(long wall) {
            elapsed += wall;
        }

        double perSecond() {
            return size / (elapsed / 1e9);
        }

        /** Nearest-rank percentile, in milliseconds. */
        synchronized double percentile(double p) {
            long[] sorted = Arrays.copyOf(nanos, size);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p * sorted.length);
            return sorted[Math.max(0, rank - 1)] / 1e6;
        }
    }
    /**
     * Every page reports the total from estimatedDocumentCount (collection metadata). Timing it beside a real count
     * shows what a page would pay for counting instead.
     */
    private void counts() {
        int times = 8;
        long estimated = 0;
        long counted = 0;
        long estimate = 0;
        long count = 0;
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            estimate = raw.estimatedDocumentCount();
            long t1 = System.nanoTime();
            count = raw.countDocuments();
            long t2 = System.nanoTime();
            estimated += t1 - t0;
            counted += t2 - t1;
        }
        System.out.printf(
                Locale.ROOT,
                "%nThe total on every page comes from estimatedDocumentCount (collection metadata, no scan):%n"
                        + "  estimatedDocumentCount: %,d records, mean %.2f ms%n"
                        + "  countDocuments (a full count, which no page runs): %,d records, mean %.2f ms%n",
                estimate,
                estimated / 1e6 / times,
                count,
                counted / 1e6 / times);
    }

    // ---- The HTML page alone

    private static final double HTML_SECONDS = 2;
    private static final int HTML_WARM_UP = 3;

    private static void html(String[] args) throws Exception {
        int perPage = args.length > 1 ? Integer.parseInt(args[1]) : PER_PAGE;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        var random = new Random(42);
        var items = new ArrayList<RawBsonDocument>(perPage);
        for (int i = 0; i < perPage; i++) {
            items.add(new RawBsonDocument(record(new ObjectId(), i, random), new BsonDocumentCodec()));
        }
        var sides = new ArrayList<HtmlSide>();
        sides.add(new HtmlSide("this build", new HtmlPages(items, perPage, 200_000)));
        if (args.length > 3) {
            var loader = new BaselineLoader(Path.of(args[3]));
            Class<?> pages = loader.loadClass(HtmlPages.class.getName());
            sides.add(new HtmlSide("baseline", (IntToLongFunction)
                    pages.getConstructor(List.class, int.class, long.class).newInstance(items, perPage, 200_000L)));
        }
        System.out.printf(
                Locale.ROOT,
                "HTML page alone: page 1 of %d records, one thread, %d rounds of %.0f s per side after %d"
                        + " to warm up; µs per page of the thread's CPU (and of wall-clock time)%n",
                perPage,
                rounds,
                HTML_SECONDS,
                HTML_WARM_UP);
        var ratios = new ArrayList<Double>();
        for (int round = -HTML_WARM_UP; round < rounds; round++) {
            var line = new StringBuilder(round < 0 ? "  warm-up " : "  round %2d".formatted(round + 1));
            // Taking turns to go first: whichever runs second may find the JIT or the host in another state.
            for (int i = 0; i < sides.size(); i++) {
                sides.get((i + Math.max(round, 0)) % sides.size()).time(round >= 0);
            }
            for (HtmlSide side : sides) {
                line.append(String.format(Locale.ROOT, " | %s %8.1f (%8.1f)", side.name, side.lastCpu, side.lastWall));
            }
            if (round >= 0 && sides.size() > 1) {
                double ratio = sides.get(0).lastCpu / sides.get(1).lastCpu;
                ratios.add(ratio);
                line.append(String.format(Locale.ROOT, " | %.2fx", ratio));
            }
            System.out.println(line);
        }
        for (HtmlSide side : sides) {
            long bytes = side.pages.applyAsLong(1);
            double cpu = IngestBenchmark.median(side.cpu);
            System.out.printf(
                    Locale.ROOT,
                    "%s: a page of %,d bytes; medians per page: %.1f µs of CPU (%.1f µs wall-clock),"
                            + " %,.0f bytes allocated; %,.0f pages and %,.0f MB per CPU second%n",
                    side.name,
                    bytes,
                    cpu,
                    IngestBenchmark.median(side.wall),
                    IngestBenchmark.median(side.allocated),
                    1e6 / cpu,
                    bytes / cpu);
        }
        if (!ratios.isEmpty()) {
            List<Double> sorted = ratios.stream().sorted().toList();
            System.out.printf(
                    Locale.ROOT,
                    "this build's CPU time per page / the baseline's, round by round: median %.2fx"
                            + " (rounds %.2f-%.2fx)%n",
                    IngestBenchmark.median(sorted),
                    sorted.getFirst(),
                    sorted.getLast());
        }
    }

    /**
     * One renderer, and per page in its last round and in its measured rounds: the rendering thread's CPU time in
     * µs, which the other processes of a shared host move far less than the wall-clock time (also kept), and the
     * bytes it allocated, which the collector's work (on other threads) follows.
     */
    private static final class HtmlSide {
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        private final String name;
        private final IntToLongFunction pages;
        private final List<Double> cpu = new ArrayList<>();
        private final List<Double> wall = new ArrayList<>();
        private final List<Double> allocated = new ArrayList<>();
        private double lastCpu;
        private double lastWall;

        HtmlSide(String name, IntToLongFunction pages) {
            this.name = name;
            this.pages = pages;
        }

        /** Renders pages for {@link #HTML_SECONDS}, 16 at a time, and keeps the figures per page when {@code keep}. */
        void time(boolean keep) {
            long count = 0;
            long bytesStart = THREADS.getCurrentThreadAllocatedBytes();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long deadline = start + (long) (HTML_SECONDS * 1e9);
            long now;
            do {
                var unused = pages.applyAsLong(16);
                count += 16;
                now = System.nanoTime();
            } while (now < deadline);
            lastCpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e3 / count;
            lastWall = (now - start) / 1e3 / count;
            if (keep) {
                cpu.add(lastCpu);
                wall.add(lastWall);
                allocated.add((THREADS.getCurrentThreadAllocatedBytes() - bytesStart) / (double) count);
            }
        }
    }

    /**
     * Loads the browse package's classes from another build's jar first, then from this module's classes (for
     * {@link HtmlPages}); everything else, the driver's BSON included, as this build does. Resources too come from
     * the jar first, for templates that keep theirs there.
     */
    private static final class BaselineLoader extends URLClassLoader {
        private static final String PACKAGE = HtmlPages.class.getPackageName() + ".";

        BaselineLoader(Path jar) throws IOException {
            super(
                    new URL[] {
                        jar.toUri().toURL(),
                        DisplayBenchmark.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                    },
                    DisplayBenchmark.class.getClassLoader());
            if (!Files.isRegularFile(jar)) {
                throw new IOException("no baseline jar at " + jar);
            }
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
        }
    }

    /** Inserts {@code count} records of about 1 KB in batches of 1000 and returns their ids in order. */
    static List<ObjectId> load(MongoCollection<BsonDocument> collection, int count) {
        var random = new Random(42);
        var ids = new ArrayList<ObjectId>(count);
        long bytes = 0;
        long start = System.nanoTime();
        var batch = new ArrayList<BsonDocument>(1000);
        for (int i = 0; i < count; i++) {
            var id = new ObjectId();
            ids.add(id);
            BsonDocument record = record(id, i, random);
            if (i == 0) {
                bytes = new RawBsonDocument(record, new BsonDocumentCodec())
                        .getByteBuffer()
                        .remaining();
            }
            batch.add(record);
            if (batch.size() == 1000 || i == count - 1) {
                collection.insertMany(batch);
                batch.clear();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "loaded %,d records of about %,d bytes in %.1f s (%,.0f records/s)%n",
                count,
                bytes,
                seconds,
                count / seconds);
        ids.sort(null);
        return ids;
    }

    private static final String[] CATEGORIES = {"tools", "garden", "kitchen", "office", "toys", "sports", "lighting"};
    private static final String[] WORDS = {
        "steel",
        "compact",
        "durable",
        "blue",
        "ergonomic",
        "spare",
        "large",
        "cordless",
        "set",
        "premium",
        "outdoor",
        "classic",
        "kit",
        "light",
        "heavy",
        "folding"
    };

    static BsonDocument record(ObjectId id, int i, Random random) {
        var description = new StringBuilder();
        while (description.length() < 560) {
            description.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        var tags = new BsonArray();
        for (int t = 0; t < 4; t++) {
            tags.add(new BsonString(WORDS[random.nextInt(WORDS.length)]));
        }
        return new BsonDocument("_id", new BsonObjectId(id))
                .append("sku", new BsonString("SKU-%08d".formatted(i)))
                .append(
                        "name",
                        new BsonString(WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)]))
                .append("category", new BsonString(CATEGORIES[random.nextInt(CATEGORIES.length)]))
                .append("description", new BsonString(description.toString().strip()))
                .append("quantity", new BsonInt32(random.nextInt(10_000)))
                .append(
                        "price",
                        new BsonDocument("amount", new BsonDouble(random.nextInt(100_000) / 100.0))
                                .append("currency", new BsonString("EUR")))
                .append("warehouse", new BsonString("WH-" + (1 + random.nextInt(12))))
                .append(
                        "location",
                        new BsonDocument("aisle", new BsonInt32(1 + random.nextInt(40)))
                                .append("shelf", new BsonInt32(1 + random.nextInt(8)))
                                .append("bin", new BsonString("B" + random.nextInt(100))))
                .append("tags", tags)
                .append(
                        "supplier",
                        new BsonDocument("name", new BsonString("Supplier " + random.nextInt(500)))
                                .append("country", new BsonString("DE")))
                .append(
                        "updated_at",
                        new BsonString("2025-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "T12:00:00Z"));
    }
}
