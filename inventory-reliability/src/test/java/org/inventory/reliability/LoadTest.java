package org.inventory.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreLocation;
import org.inventory.embedded.EmbeddedStore;
import org.inventory.filler.generate.RecordGenerator;
import org.inventory.testkit.Await;
import org.inventory.testkit.Http;
import org.inventory.testkit.RawWebSocket;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.StoreProcess;
import org.inventory.testkit.TestEnv;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many WebSocket connections at once, each sending a few pipelined messages, while 8 clients browse
 * {@code /display} in a loop: every message is acknowledged (after being sent again if it was answered with a
 * retryable error, as the loader does), every record stored once, and the server (a process of its
 * own, with a fixed heap) stays up. Its heap is sampled from {@code /metrics} and its resident memory from
 * {@code /proc}; both are printed, and the heap in use must stay under a stated bound.
 */
@Tag("load")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LoadTest {
    private static final String COLLECTION = "load";
    private static final int MESSAGES_PER_CONNECTION = 5;
    private static final int RECORDS_PER_MESSAGE = 5;
    private static final int BROWSERS = 8;
    /** The server's heap: every connection, message and page must fit in it, or it fails with OutOfMemoryError. */
    private static final int SERVER_HEAP_MIB = 256;
    /** What the server may hold live (after a full collection) with every connection open. */
    private static final long LIVE_HEAP_BOUND_BYTES = 128L << 20;

    private static final Duration PHASE = Duration.ofMinutes(2);
    /** Retryable refusals one connection may get before the test gives up on it. */
    private static final int MAX_RETRIES = 20;

    @Test
    void many_connections_each_sending_a_few_messages_while_others_browse_are_all_answered_within_a_bounded_heap()
            throws Exception {
        int connections = Suite.size(200, 1000);
        assertEnoughFileDescriptors(connections);
        var generator = new RecordGenerator(99L);
        long start = System.nanoTime();
        try (var store = StoreProcess.inMemory();
                var server = ServerProcess.start(
                                TestEnv.server(COLLECTION, Map.of("MONGODB_URL", store.url(), "LOG_LEVEL", "WARN")),
                                "-Xmx" + SERVER_HEAP_MIB + "m")
                        .awaitHealthy(Duration.ofSeconds(60));
                var sampler = new MemorySampler(server)) {
            long liveAtStart = server.liveHeapBytes();
            var allConnected = new CountDownLatch(connections);
            var go = new CountDownLatch(1);
            var failures = new ConcurrentLinkedQueue<String>();
            var tally = new Tally();
            var browsing = new AtomicBoolean(true);
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                var senders = new ArrayList<Future<?>>();
                for (int c = 0; c < connections; c++) {
                    int connection = c;
                    senders.add(executor.submit(() -> {
                        send(server.port(), connection, generator, allConnected, go, tally, failures);
                        return null;
                    }));
                }
                var browsers = new ArrayList<Future<?>>();
                for (int b = 0; b < BROWSERS; b++) {
                    int browser = b;
                    browsers.add(executor.submit(() -> {
                        browse(server, browser, browsing, tally, failures);
                        return null;
                    }));
                }

                long liveIdle;
                try {
                    assertTrue(
                            allConnected.await(PHASE.toSeconds(), TimeUnit.SECONDS),
                            () -> "all connections open within " + PHASE + "; failures: " + failures);
                    // The server counts a session once its listener opened, just after the upgrade was answered.
                    Await.until(
                            "the server to count " + connections + " open sessions",
                            PHASE,
                            () -> server.metrics()
                                            .value("inventory_websocket_sessions")
                                            .orElse(-1)
                                    == connections);
                    liveIdle = server.liveHeapBytes();
                    go.countDown();
                    for (Future<?> sender : senders) {
                        sender.get(PHASE.toSeconds(), TimeUnit.SECONDS);
                    }
                } finally {
                    // Whatever happened, the browsers stop and no sender waits any longer, so the executor can close.
                    browsing.set(false);
                    go.countDown();
                }
                for (Future<?> browser : browsers) {
                    browser.get(PHASE.toSeconds(), TimeUnit.SECONDS);
                }
                assertEquals(List.of(), List.copyOf(failures));
                long messages = (long) connections * MESSAGES_PER_CONNECTION;
                assertEquals(messages, tally.acknowledged.get(), "every message acknowledged");
                assertTrue(server.isAlive(), "the server is up");
                long records = messages * RECORDS_PER_MESSAGE;
                try (Store check =
                        Store.open(StoreLocation.remote(store.url(), EmbeddedStore.DATABASE), Duration.ofSeconds(30))) {
                    assertEquals(
                            records, check.database().getCollection(COLLECTION).countDocuments());
                }
                assertTrue(Http.tryGet(server.port(), "/health", Http.JSON)
                                .map(HttpResponse::statusCode)
                                .orElse(0)
                        == 200);

                sampler.stop();
                assertTrue(!server.output().contains("OutOfMemoryError"), server::outputTail);
                long peakRssKiB = server.procStatusKiB("VmHWM");
                assertTrue(tally.pages.get() > 0, "pages were served while the load ran");
                Suite.summary(
                        "LoadTest",
                        String.format(
                                "%,d WebSocket connections open at once, %,d messages (%,d records)"
                                        + " all acknowledged (%,d answered 'unavailable' first and sent again), while %d clients"
                                        + " browsed /display (%,d pages served, %,d answered 503: store too slow); server with"
                                        + " -Xmx%dm: live heap %,d MiB at start, %,d MiB with all connections open (%,d KiB each;"
                                        + " bound %,d MiB); peak heap in use under load %,d MiB (%d samples); peak RSS %,d MiB;"
                                        + " %.0f s in all",
                                connections,
                                messages,
                                records,
                                tally.retried.get(),
                                BROWSERS,
                                tally.pages.get(),
                                tally.pagesUnavailable.get(),
                                SERVER_HEAP_MIB,
                                liveAtStart >> 20,
                                liveIdle >> 20,
                                ((liveIdle - liveAtStart) / connections) >> 10,
                                LIVE_HEAP_BOUND_BYTES >> 20,
                                sampler.peakHeap() >> 20,
                                sampler.samples(),
                                peakRssKiB >> 10,
                                (System.nanoTime() - start) / 1e9));
                assertTrue(
                        liveIdle < LIVE_HEAP_BOUND_BYTES,
                        "live heap with every connection open: " + (liveIdle >> 20) + " MiB");
            }
        }
    }

    /**
     * One connection: open, wait for the others, pipeline its messages, then read every reply. As the loader
     * does, a message answered with a retryable error is sent again (its records keep their {@code _id}s, so
     * what was stored already comes back as a duplicate); any other refusal is a failure.
     */
    private static void send(
            int port,
            int connection,
            RecordGenerator generator,
            CountDownLatch allConnected,
            CountDownLatch go,
            Tally tally,
            ConcurrentLinkedQueue<String> failures) {
        try (var socket = RawWebSocket.connect(port, PHASE)) {
            allConnected.countDown();
            if (!go.await(PHASE.toSeconds(), TimeUnit.SECONDS)) {
                failures.add("connection " + connection + ": never told to go");
                return;
            }
            long first = (long) connection * MESSAGES_PER_CONNECTION * RECORDS_PER_MESSAGE;
            var awaiting = new ArrayDeque<String>();
            int retries = 0;
            for (int m = 0; m < MESSAGES_PER_CONNECTION; m++) {
                String message = generator.message(first + (long) m * RECORDS_PER_MESSAGE, RECORDS_PER_MESSAGE, true);
                socket.text(message);
                awaiting.add(message);
            }
            for (long seq = 1; !awaiting.isEmpty(); seq++) {
                String message = awaiting.poll();
                @SuppressWarnings("unchecked")
                var reply = (Map<String, Object>) JsonValues.parse(socket.reply());
                if (!BigInteger.valueOf(seq).equals(reply.get("seq"))) {
                    failures.add("connection " + connection + ": expected seq " + seq + ", got " + reply);
                    return;
                }
                if (Boolean.TRUE.equals(reply.get("ok"))) {
                    long stored = ((BigInteger) reply.get("inserted")).longValue()
                            + ((BigInteger) reply.get("duplicates")).longValue();
                    if (stored != RECORDS_PER_MESSAGE) {
                        failures.add("connection " + connection + ": " + reply);
                        return;
                    }
                    tally.acknowledged.incrementAndGet();
                } else if (retryable(reply) && ++retries <= MAX_RETRIES) {
                    tally.retried.incrementAndGet();
                    socket.text(message);
                    awaiting.add(message);
                } else {
                    failures.add("connection " + connection + ": " + reply);
                    return;
                }
            }
            socket.close(1000, "done");
        } catch (IOException | InterruptedException e) {
            failures.add("connection " + connection + ": " + e);
        }
    }

    private static boolean retryable(Map<String, Object> reply) {
        return reply.get("error") instanceof Map<?, ?> error && Boolean.TRUE.equals(error.get("retryable"));
    }

    /** Messages acknowledged and sent again after a retryable refusal; pages served, and pages answered 503. */
    private static final class Tally {
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong retried = new AtomicLong();
        final AtomicLong pages = new AtomicLong();
        final AtomicLong pagesUnavailable = new AtomicLong();
    }

    /**
     * One browser: random pages, as JSON and as HTML, until the senders are done. Each must be a 200, or a 503 when
     * the store did not answer within the store timeout (the server's documented answer; counted and printed).
     */
    private static void browse(
            ServerProcess server,
            int browser,
            AtomicBoolean browsing,
            Tally tally,
            ConcurrentLinkedQueue<String> failures) {
        var random = ThreadLocalRandom.current();
        while (browsing.get()) {
            boolean html = random.nextBoolean();
            String path = "/display?page=" + random.nextInt(1, 50) + "&per_page=" + (html ? 20 : 50);
            int status = Http.tryGet(server.port(), path, html ? "text/html" : Http.JSON)
                    .map(HttpResponse::statusCode)
                    .orElse(0);
            if (status == 200) {
                tally.pages.incrementAndGet();
            } else if (status == 503) {
                tally.pagesUnavailable.incrementAndGet();
            } else {
                failures.add("browser " + browser + ": " + path + " answered " + status);
                return;
            }
        }
    }

    /**
     * Both processes hold a socket per connection: this JVM's open-file limit (the server inherits it) must leave
     * room for them, besides what is open already (jars, the store's connections) and some to spare.
     */
    private static void assertEnoughFileDescriptors(int connections) {
        var os = (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long free = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount();
        assertTrue(
                free >= connections + 200L,
                "the open-file limit is " + os.getMaxFileDescriptorCount() + " with "
                        + os.getOpenFileDescriptorCount() + " open; " + connections + " connections need "
                        + (connections + 200)
                        + " more: raise it with ulimit -n");
    }

    /** Samples the server's heap in use ({@code /metrics}) every 200 ms on a thread of its own, keeping the peak. */
    private static final class MemorySampler implements AutoCloseable {
        private final AtomicLong peakHeap = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        MemorySampler(ServerProcess server) {
            thread = Thread.ofPlatform().daemon().name("memory-sampler").start(() -> {
                while (running.get()) {
                    try {
                        peakHeap.accumulateAndGet(server.metrics().usedHeapBytes(), Math::max);
                        samples.incrementAndGet();
                    } catch (RuntimeException e) {
                        // A scrape that failed under load is a missed sample, not a failure of the test.
                    }
                    try {
                        // The sampling period, not a synchronisation: nothing waits for this thread but close().
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        long peakHeap() {
            return peakHeap.get();
        }

        long samples() {
            return samples.get();
        }

        /** Stops sampling; the peak is final once this returns. */
        void stop() {
            running.set(false);
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stop();
        }
    }
}
