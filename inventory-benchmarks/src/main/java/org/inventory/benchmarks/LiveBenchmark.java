package org.inventory.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.inventory.testkit.Await;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.SseClient;
import org.inventory.testkit.StoreProcess;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.WsClient;

/**
 * The live feed under load, on the in-process source: the embedded in-memory store in one process, the packaged server
 * started as users start it ({@code docker/run_server}, no JVM options) in another, ingest and subscribers in this one.
 * A subscriber closed as lagged is counted and printed, not waited for.
 * <ol>
 * <li>Ack-to-event latency with 1, 10 and 100 subscribers while ingest runs at 5,000 records/s (messages of 50 records
 * every 10 ms): for each record, the time its event reached a subscriber minus the time its message's ack reached the
 * sender, both on this JVM's clock; negative when the event came first. Every subscriber reads its stream over a
 * plain socket, noting each record's message and arrival time from the bytes.</li>
 * <li>Ingest throughput with no subscriber and with 100, alternated over rounds in the same run, three ways: offered at
 * 5,000 records/s (the rate the latency is measured at: what the sender achieves, and its ack latency); at full speed
 * (messages of 100 records, 16 in flight) with each subscriber watching its own one in a hundred of the records (a
 * filter, as people watch their warehouse or SKU); and at full speed with every subscriber reading every record.</li>
 * <li>1,000 idle subscribers: the server's live heap (after a full collection) with them open, less without, per
 * subscriber.</li>
 * </ol>
 * Arguments: {@code [rounds] [baseline checkout]}; with a baseline (another checkout of the project, built), the two
 * full speed cases run against both servers, taking turns.
 * {@code ./build -B -q package -DskipTests && ./build -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=LiveBenchmark}
 */
public final class LiveBenchmark {
    private static final String PAD = "x".repeat(200);

    private LiveBenchmark() {}

    public static void main(String[] args) throws Exception {
        try (var store = StoreProcess.inMemory();
                var server = ServerProcess.startAsUsersDo(TestEnv.server(
                        "bench_live",
                        Map.of(
                                "MONGODB_URL",
                                store.url(),
                                "LOG_LEVEL",
                                "WARN",
                                "INVENTORY_MAX_SUBSCRIBERS",
                                "2000")))) {
            server.awaitHealthy(Duration.ofSeconds(60));
            // Warm-up: the JIT and the store.
            latency(server.port(), 10, Duration.ofSeconds(3));
            for (int subscribers : new int[] {1, 10, 100}) {
                double[] ms = latency(server.port(), subscribers, Duration.ofSeconds(6));
                System.out.printf(
                        "[live] %3d subscribers, ingest 5,000 records/s: ack-to-event p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d events)%n",
                        subscribers, percentile(ms, 50), percentile(ms, 99), ms[ms.length - 1], ms.length);
            }
            int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
            compare(server.port(), rounds, "offered 5,000 records/s", Ingest.PACED, Subscribers.ALL);
            compare(
                    server.port(),
                    rounds,
                    "full speed, each subscriber filtered to 1 % of the records",
                    Ingest.FULL,
                    Subscribers.FILTERED);
            compare(
                    server.port(),
                    rounds,
                    "full speed, every subscriber reading every record",
                    Ingest.FULL,
                    Subscribers.ALL);
            if (args.length > 1) {
                // Another checkout's server (built) on the same store, for a change's before and after in one run.
                try (var baseline = ServerProcess.startScript(
                        Path.of(args[1], "docker", "run_server").toAbsolutePath(),
                        TestEnv.server("bench_live", Map.of("MONGODB_URL", store.url(), "LOG_LEVEL", "WARN")))) {
                    baseline.awaitHealthy(Duration.ofSeconds(60));
                    latency(baseline.port(), 10, Duration.ofSeconds(3));
                    for (Subscribers subscribers : Subscribers.values()) {
                        for (int round = 0; round < rounds; round++) {
                            double ours = throughput(server.port(), Ingest.FULL, 100, subscribers)
                                    .rate();
                            double theirs = throughput(baseline.port(), Ingest.FULL, 100, subscribers)
                                    .rate();
                            System.out.printf(
                                    "[live] full speed, 100 subscribers (%s), round %d: this build %,.0f records/s,"
                                            + " baseline %,.0f (%.2fx)%n",
                                    subscribers == Subscribers.ALL ? "every record" : "1 % each",
                                    round + 1,
                                    ours,
                                    theirs,
                                    ours / theirs);
                        }
                    }
                }
            }
            idle(server);
        }
    }

    /**
     * Every event's ack-to-event time in ms, sorted, over all subscribers. Each reads its stream over a plain socket and
     * notes, for every record event, the message it came from and when its bytes arrived; the times are matched with the
     * acks after the run. A benchmark client that parsed 100 streams with an HTTP library on this machine's 2 cores
     * would measure itself, not the server.
     */
    private static double[] latency(int port, int count, Duration run) throws Exception {
        var acks = new ConcurrentHashMap<Integer, Long>();
        var drains = new ArrayList<Drain>();
        for (int i = 0; i < count; i++) {
            drains.add(new Drain(port));
        }
        int messages = (int) (run.toMillis() / 10);
        try (var ingest = WsClient.connect(port)) {
            Thread replies = Thread.ofVirtual().start(() -> {
                for (int m = 0; m < messages; m++) {
                    String reply = ingest.reply();
                    acks.put(m, System.nanoTime());
                    if (!reply.startsWith("{\"ok\":true")) {
                        throw new IllegalStateException(reply);
                    }
                }
            });
            long start = System.nanoTime();
            for (int m = 0; m < messages; m++) {
                long due = start + m * 10_000_000L;
                // Parked, not spun: the machine's cores are for the server and the subscribers.
                java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                ingest.send(batch(m, 50));
            }
            replies.join();
            long perDrain = (long) messages * 50;
            // Every event read, or the readers that fell behind closed as lagged: either way, the run is over.
            Await.until(
                    "every event, or every reader ended",
                    Duration.ofSeconds(60),
                    () -> drains.stream().allMatch(drain -> drain.records() >= perDrain || drain.ended()));
        }
        drains.forEach(Drain::close);
        long lagged = drains.stream().filter(Drain::lagged).count();
        if (lagged > 0) {
            System.out.printf("[live] %d of %d subscribers were closed as lagged%n", lagged, count);
        }
        return drains.stream()
                .flatMapToDouble(drain -> drain.lagsMillis(acks))
                .sorted()
                .toArray();
    }

    /**
     * A subscriber that reads its stream over a plain socket without an HTTP library: it counts {@code event: record}
     * and notices {@code event: lagged} (8-byte window over the bytes), and notes the message number of each record
     * (the digits after {@code ,"m":}) with the time its bytes arrived.
     */
    private static final class Drain implements AutoCloseable {
        private static final long RECORD = pattern("event: r");
        private static final long LAGGED = pattern("event: l");
        private static final long MESSAGE = pattern(",\"m\":");
        private static final long LAST_FIVE = 0xFF_FFFF_FFFFL;
        private final Socket socket;
        private final Thread reader;
        private final AtomicLong records = new AtomicLong();
        private volatile boolean ended;
        private volatile boolean lagged;
        private volatile boolean subscribed;
        private int[] messages = new int[1024];
        private long[] arrivals = new long[1024];
        private int noted;

        Drain(int port) throws IOException {
            this(port, null);
        }

        /** A subscriber to the records that match {@code filter} (JSON), or to all of them. */
        Drain(int port, String filter) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            String query =
                    filter == null ? "" : "?filter=" + java.net.URLEncoder.encode(filter, StandardCharsets.UTF_8);
            socket.getOutputStream()
                    .write(("GET /live" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            reader = Thread.ofVirtual().start(this::read);
            // Subscribed once the feed's first comment is here: only records acknowledged after it are promised.
            Await.until("the subscription", Duration.ofSeconds(30), () -> subscribed || ended);
        }

        private static long pattern(String text) {
            long value = 0;
            for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
                value = (value << 8) | (b & 0xff);
            }
            return value;
        }

        private void read() {
            byte[] buffer = new byte[64 * 1024];
            long window = 0;
            int number = -1;
            try (InputStream in = socket.getInputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    long now = System.nanoTime();
                    subscribed = true;
                    for (int i = 0; i < n; i++) {
                        int b = buffer[i] & 0xff;
                        if (number >= 0) {
                            if (b >= '0' && b <= '9') {
                                number = number * 10 + (b - '0');
                                continue;
                            }
                            note(number, now);
                            number = -1;
                        }
                        window = (window << 8) | b;
                        if (window == RECORD) {
                            records.incrementAndGet();
                        } else if (window == LAGGED) {
                            lagged = true;
                        } else if ((window & LAST_FIVE) == MESSAGE) {
                            number = 0;
                        }
                    }
                }
            } catch (IOException e) {
                // closed at the end of the run
            } finally {
                ended = true;
            }
        }

        private void note(int message, long arrival) {
            if (noted == messages.length) {
                messages = Arrays.copyOf(messages, noted * 2);
                arrivals = Arrays.copyOf(arrivals, noted * 2);
            }
            messages[noted] = message;
            arrivals[noted] = arrival;
            noted++;
        }

        /** Each record's arrival less its message's ack, in ms; read once the reader has ended. */
        java.util.stream.DoubleStream lagsMillis(Map<Integer, Long> acks) {
            return java.util.stream.IntStream.range(0, noted)
                    .mapToDouble(i -> (arrivals[i] - acks.get(messages[i])) / 1e6);
        }

        long records() {
            return records.get();
        }

        boolean ended() {
            return ended;
        }

        boolean lagged() {
            return lagged;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records of message {@code m}: each names its message, so its event can be matched with the ack. */
    private static String batch(int m, int size) {
        var text = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : ",")
                    .append("{\"m\":")
                    .append(m)
                    .append(",\"i\":")
                    .append(i)
                    .append(",\"sku\":\"SKU-")
                    .append(i)
                    .append("\",\"pad\":\"")
                    .append(PAD)
                    .append("\"}");
        }
        return text.append(']').toString();
    }

    /** How ingest sends in a throughput round: paced at 5,000 records/s, or as fast as the server answers. */
    private enum Ingest {
        PACED,
        FULL
    }

    /** What each of the 100 subscribers watches: every record, or its own hundredth of them. */
    private enum Subscribers {
        ALL,
        FILTERED
    }

    /**
     * Ingest with no subscriber and with 100, alternated over rounds: prints each round, the medians, and their ratio.
     */
    private static void compare(int port, int rounds, String name, Ingest ingest, Subscribers subscribers)
            throws Exception {
        var without = new ArrayList<Round>();
        var with = new ArrayList<Round>();
        for (int round = 0; round < rounds; round++) {
            without.add(throughput(port, ingest, 0, subscribers));
            with.add(throughput(port, ingest, 100, subscribers));
        }
        double a = median(without.stream().mapToDouble(Round::rate).toArray());
        double b = median(with.stream().mapToDouble(Round::rate).toArray());
        System.out.printf(
                "[live] ingest %s: %,.0f records/s without subscribers, %,.0f with 100 (%.0f %%);"
                        + " ack p99 %.1f ms without, %.1f ms with (medians of %d alternated rounds; rates without %s, with %s)%n",
                name,
                a,
                b,
                100 * b / a,
                median(without.stream().mapToDouble(Round::ackP99Millis).toArray()),
                median(with.stream().mapToDouble(Round::ackP99Millis).toArray()),
                rounds,
                Arrays.toString(
                        without.stream().mapToLong(r -> Math.round(r.rate())).toArray()),
                Arrays.toString(
                        with.stream().mapToLong(r -> Math.round(r.rate())).toArray()));
    }

    /** One throughput round: the records per second the sender achieved, and the p99 of its acks' latency. */
    private record Round(double rate, double ackP99Millis) {}

    /**
     * 50,000 records in messages of 100 (16 in flight at full speed; one every 20 ms when paced), with {@code count}
     * subscribers, each reading every record or (filtered) those with its own {@code i}.
     */
    private static Round throughput(int port, Ingest pace, int count, Subscribers subscribers) throws Exception {
        var drains = new ArrayList<Drain>();
        for (int i = 0; i < count; i++) {
            drains.add(subscribers == Subscribers.ALL ? new Drain(port) : new Drain(port, "{\"i\":" + i + "}"));
        }
        int messages = 500;
        var window = new Semaphore(pace == Ingest.FULL ? 16 : messages);
        long[] sent = new long[messages];
        double[] ackMillis = new double[messages];
        long start;
        long end;
        try (var ingest = WsClient.connect(port)) {
            Thread replies = Thread.ofVirtual().start(() -> {
                for (int m = 0; m < messages; m++) {
                    ingest.reply();
                    ackMillis[m] = (System.nanoTime() - sent[m]) / 1e6;
                    window.release();
                }
            });
            start = System.nanoTime();
            for (int m = 0; m < messages; m++) {
                window.acquire();
                if (pace == Ingest.PACED) {
                    // Parked, not spun: the machine's cores are for the server and the subscribers.
                    java.util.concurrent.locks.LockSupport.parkNanos(start + m * 20_000_000L - System.nanoTime());
                }
                sent[m] = System.nanoTime();
                ingest.send(batch(m, 100));
            }
            replies.join();
            end = System.nanoTime();
        }
        long expected = subscribers == Subscribers.ALL ? messages * 100L : messages;
        Await.until(
                "every subscriber to have its events, or to be closed as lagged",
                Duration.ofMinutes(2),
                () -> drains.stream()
                        .allMatch(drain -> drain.records() >= expected || drain.ended() || drain.lagged()));
        long lagged = drains.stream().filter(Drain::lagged).count();
        if (lagged > 0) {
            System.out.printf(
                    "[live] %d of %d subscribers were closed as lagged in a throughput round%n", lagged, count);
        }
        drains.forEach(Drain::close);
        Arrays.sort(ackMillis);
        return new Round(messages * 100 / ((end - start) / 1e9), percentile(ackMillis, 99));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void idle(ServerProcess server) throws Exception {
        Await.until(
                "the earlier subscribers to be gone",
                Duration.ofSeconds(60),
                () -> server.metrics().value("inventory_live_subscribers").orElse(-1) == 0);
        long before = server.liveHeapBytes();
        var feeds = new ArrayList<SseClient>();
        for (int i = 0; i < 1000; i++) {
            feeds.add(SseClient.subscribe(server.port(), "/live"));
        }
        Await.until(
                "1,000 subscribers",
                Duration.ofSeconds(30),
                () -> server.metrics().value("inventory_live_subscribers").orElse(-1) == 1000);
        long after = server.liveHeapBytes();
        System.out.printf(
                "[live] 1,000 idle subscribers: live heap %,d KiB without, %,d KiB with: %,.1f KiB per subscriber%n",
                before / 1024, after / 1024, (after - before) / 1024.0 / 1000);
        feeds.forEach(SseClient::close);
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
