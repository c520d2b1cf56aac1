package org.inventory.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import org.inventory.testkit.Await;
import org.inventory.testkit.ServerProcess;
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
 * sender, both on this JVM's clock; negative when the event came first. Timed on up to 10 subscribers that parse
 * every event; the rest count the events of their stream from its bytes.</li>
 * <li>Ingest throughput (messages of 100 records, 16 in flight) with no subscriber and with 100 reading every event,
 * alternated over rounds in the same run.</li>
 * <li>1,000 idle subscribers: the server's live heap (after a full collection) with them open, less without, per
 * subscriber.</li>
 * </ol>
 * {@code ./build -B -q package -DskipTests && ./build -B -q -pl inventory-server -am test-compile -Pbenchmark -Dbenchmark=LiveBenchmark}
 */
public final class LiveBenchmark {
    private static final String PAD = "x".repeat(200);
    /** Subscribers that parse every event to time it; the others count events as they stream by. */
    private static final int MEASURING = 10;

    private LiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (var store = StoreProcess.inMemory();
             var server = ServerProcess.startAsUsersDo(TestEnv.server("bench_live", Map.of("MONGODB_URL", store.url(),
                     "LOG_LEVEL", "WARN", "INVENTORY_MAX_SUBSCRIBERS", "2000")))) {
            server.awaitHealthy(Duration.ofSeconds(60));
            // Warm-up: the JIT and the store.
            latency(server.port(), 10, Duration.ofSeconds(3));
            for (int subscribers : new int[] {1, 10, 100}) {
                double[] ms = latency(server.port(), subscribers, Duration.ofSeconds(6));
                System.out.printf("[live] %3d subscribers, ingest 5,000 records/s: ack-to-event p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d events)%n",
                        subscribers, percentile(ms, 50), percentile(ms, 99), ms[ms.length - 1], ms.length);
            }
            double[] without = new double[2];
            double[] with = new double[2];
            for (int round = 0; round < 2; round++) {
                without[round] = throughput(server.port(), 0);
                with[round] = throughput(server.port(), 100);
            }
            double a = Arrays.stream(without).max().orElseThrow();
            double b = Arrays.stream(with).max().orElseThrow();
            System.out.printf("[live] ingest throughput, best of 2 alternated rounds: %,.0f records/s without subscribers,"
                    + " %,.0f with 100 (%.0f %%); rounds without %s, with %s%n", a, b, 100 * b / a,
                    Arrays.toString(Arrays.stream(without).mapToLong(Math::round).toArray()),
                    Arrays.toString(Arrays.stream(with).mapToLong(Math::round).toArray()));
            idle(server);
        }
    }

    /**
     * Every event's ack-to-event time in ms, sorted, as seen by up to {@value #MEASURING} subscribers that parse every
     * event; the others read the same stream as fast as a socket gives it, counting events (a benchmark client that
     * parsed 100 streams at once would measure itself on this machine's 2 cores, not the server).
     */
    private static double[] latency(int port, int count, Duration run) throws Exception {
        var acks = new ConcurrentHashMap<Integer, Long>();
        var lags = new ConcurrentLinkedQueue<Long>();
        var ended = new AtomicLong();
        var lagged = new AtomicLong();
        var subscribers = new ArrayList<Subscriber>();
        var drains = new ArrayList<Drain>();
        int measuring = Math.min(count, MEASURING);
        for (int i = 0; i < measuring; i++) {
            subscribers.add(new Subscriber(SseClient.subscribe(port, "/live"), acks, lags, ended, lagged));
        }
        for (int i = measuring; i < count; i++) {
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
            long expected = (long) messages * 50 * measuring;
            long perDrain = (long) messages * 50;
            // Every event read, or the readers that fell behind closed as lagged: either way, the run is over.
            Await.until("every event, or every reader ended", Duration.ofSeconds(60),
                    () -> (lags.size() >= expected || ended.get() == measuring)
                            && drains.stream().allMatch(drain -> drain.records() >= perDrain || drain.ended()));
        }
        subscribers.forEach(Subscriber::close);
        drains.forEach(Drain::close);
        long drainsLagged = drains.stream().filter(Drain::lagged).count();
        if (lagged.get() + drainsLagged > 0) {
            System.out.printf("[live] %d of %d subscribers were closed as lagged%n", lagged.get() + drainsLagged, count);
        }
        return lags.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
    }

    /**
     * A subscriber that reads its stream over a plain socket and counts events without parsing them: the bytes of
     * {@code event: record} and {@code event: lagged} lines, found with an 8-byte window over the stream.
     */
    private static final class Drain implements AutoCloseable {
        private static final long RECORD = pattern("event: r");
        private static final long LAGGED = pattern("event: l");
        private final Socket socket;
        private final Thread reader;
        private final AtomicLong records = new AtomicLong();
        private volatile boolean ended;
        private volatile boolean lagged;

        Drain(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.getOutputStream().write(("GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            reader = Thread.ofVirtual().start(this::read);
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
            try (InputStream in = socket.getInputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        window = (window << 8) | (buffer[i] & 0xff);
                        if (window == RECORD) {
                            records.incrementAndGet();
                        } else if (window == LAGGED) {
                            lagged = true;
                        }
                    }
                }
            } catch (IOException e) {
                // closed at the end of the run
            } finally {
                ended = true;
            }
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
            reader.interrupt();
        }
    }

    /** Records of message {@code m}: each names its message, so its event can be matched with the ack. */
    private static String batch(int m, int size) {
        var text = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : ",").append("{\"m\":").append(m).append(",\"i\":").append(i)
                    .append(",\"sku\":\"SKU-").append(i).append("\",\"pad\":\"").append(PAD).append("\"}");
        }
        return text.append(']').toString();
    }

    /** A subscriber reading every event on a thread of its own, noting how long after its ack each came. */
    private static final class Subscriber {
        private final SseClient feed;
        private final Thread reader;

        Subscriber(SseClient feed, Map<Integer, Long> acks, ConcurrentLinkedQueue<Long> lags, AtomicLong ended,
                   AtomicLong lagged) {
            this.feed = feed;
            this.reader = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        SseClient.Event event = feed.nextEvent();
                        long now = System.nanoTime();
                        if (!event.name().equals("record")) {
                            if (event.name().equals("lagged")) {
                                lagged.incrementAndGet();
                            }
                            ended.incrementAndGet();
                            return;
                        }
                        int m = Integer.parseInt(event.data().substring(event.data().indexOf("\"m\":") + 4,
                                event.data().indexOf(",\"i\"")));
                        Long ack = waitForAck(acks, m);
                        lags.add(now - ack);
                    }
                } catch (AssertionError | RuntimeException e) {
                    // closed at the end of the run
                }
            });
        }

        /** The event may come before its ack: the ack time is then read once it is known. */
        private static Long waitForAck(Map<Integer, Long> acks, int m) {
            Long ack = acks.get(m);
            while (ack == null) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                ack = acks.get(m);
            }
            return ack;
        }

        void close() {
            feed.close();
            reader.interrupt();
        }
    }

    /** Records/s for 20,000 records in messages of 100, 16 in flight, with {@code count} subscribers reading. */
    private static double throughput(int port, int count) throws Exception {
        var drains = new ArrayList<Drain>();
        for (int i = 0; i < count; i++) {
            drains.add(new Drain(port));
        }
        int messages = 200;
        var window = new Semaphore(16);
        long start;
        long end;
        try (var ingest = WsClient.connect(port)) {
            Thread replies = Thread.ofVirtual().start(() -> {
                for (int m = 0; m < messages; m++) {
                    ingest.reply();
                    window.release();
                }
            });
            start = System.nanoTime();
            for (int m = 0; m < messages; m++) {
                window.acquire();
                ingest.send(batch(m, 100));
            }
            replies.join();
            end = System.nanoTime();
        }
        long expected = (long) messages * 100;
        Await.until("every subscriber to have every event, or to be closed as lagged", Duration.ofSeconds(120),
                () -> drains.stream().allMatch(drain -> drain.records() >= expected || drain.ended()));
        long lagged = drains.stream().filter(Drain::lagged).count();
        if (lagged > 0) {
            System.out.printf("[live] %d of %d subscribers were closed as lagged in a throughput round%n", lagged, count);
        }
        drains.forEach(Drain::close);
        return messages * 100 / ((end - start) / 1e9);
    }

    private static void idle(ServerProcess server) throws Exception {
        Await.until("the earlier subscribers to be gone", Duration.ofSeconds(60),
                () -> server.metrics().value("inventory_live_subscribers").orElse(-1) == 0);
        long before = server.liveHeapBytes();
        var feeds = new ArrayList<SseClient>();
        for (int i = 0; i < 1000; i++) {
            feeds.add(SseClient.subscribe(server.port(), "/live"));
        }
        Await.until("1,000 subscribers", Duration.ofSeconds(30),
                () -> server.metrics().value("inventory_live_subscribers").orElse(-1) == 1000);
        long after = server.liveHeapBytes();
        System.out.printf("[live] 1,000 idle subscribers: live heap %,d KiB without, %,d KiB with: %,.1f KiB per subscriber%n",
                before / 1024, after / 1024, (after - before) / 1024.0 / 1000);
        feeds.forEach(SseClient::close);
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
