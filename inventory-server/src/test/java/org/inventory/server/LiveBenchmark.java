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
 * sender, both on this JVM's clock; negative when the event came first. Every subscriber reads its stream over a
 * plain socket, noting each record's message and arrival time from the bytes.</li>
 * <li>Ingest throughput (messages of 100 records, 16 in flight) with no subscriber and with 100 reading every event,
 * alternated over rounds in the same run.</li>
 * <li>1,000 idle subscribers: the server's live heap (after a full collection) with them open, less without, per
 * subscriber.</li>
 * </ol>
 * {@code ./build -B -q package -DskipTests && ./build -B -q -pl inventory-server -am test-compile -Pbenchmark -Dbenchmark=LiveBenchmark}
 */
public final class LiveBenchmark {
    private static final String PAD = "x".repeat(200);

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
            Await.until("every event, or every reader ended", Duration.ofSeconds(60),
                    () -> drains.stream().allMatch(drain -> drain.records() >= perDrain || drain.ended()));
        }
        drains.forEach(Drain::close);
        long lagged = drains.stream().filter(Drain::lagged).count();
        if (lagged > 0) {
            System.out.printf("[live] %d of %d subscribers were closed as lagged%n", lagged, count);
        }
        return drains.stream().flatMapToDouble(drain -> drain.lagsMillis(acks)).sorted().toArray();
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
            socket = new Socket("127.0.0.1", port);
            socket.getOutputStream().write(("GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
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
            text.append(i == 0 ? "" : ",").append("{\"m\":").append(m).append(",\"i\":").append(i)
                    .append(",\"sku\":\"SKU-").append(i).append("\",\"pad\":\"").append(PAD).append("\"}");
        }
        return text.append(']').toString();
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
