package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.inventory.embedded.EmbeddedStore;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.Await;
import org.inventory.testkit.PrometheusText;
import org.inventory.testkit.StoreProcess;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the server holds for ingest is bounded: it stops reading from a connection instead of growing its heap. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BackPressureTest {
    private static final String COLLECTION = "back_pressure_test";
    private static final IngestLimits SMALL = new IngestLimits(500, 64 << 10, 1 << 20, 100, 64 << 10, 2);
    private static final String MESSAGE = "{\"n\":1,\"pad\":\"" + "x".repeat(1000) + "\"}";

    private static InventoryServer start(String url) {
        return start(url, SMALL);
    }

    private static InventoryServer start(String url, IngestLimits limits) {
        var settings = Settings.from(TestEnv.server(
                COLLECTION,
                Map.of(
                        "MONGODB_URL",
                        url,
                        "INVENTORY_STORE_TIMEOUT_MS",
                        "2000",
                        "INVENTORY_MAX_BATCH",
                        "100",
                        "INVENTORY_MAX_MESSAGE_BYTES",
                        "16384")));
        return InventoryServer.start(settings, limits);
    }

    /**
     * Measured by the server, not by this JVM's heap: {@code inventory_ingest_buffered_bytes} counts every byte of a
     * message from its reading to its answer, and replies are written as they are made, so what the server holds for
     * the connection is that gauge, sampled throughout. That it holds nothing elsewhere shows in its behaviour: a
     * client that reads no replies is no longer read once the socket buffers between them are full, so its sends
     * stall long before the 100,000 messages (100 MB) were all taken in.
     */
    @Test
    void a_client_sending_100000_messages_and_reading_nothing_stays_within_the_bound() throws Exception {
        // The store runs in its own process, so that the records stored before the stall do not fill this JVM.
        try (var store = StoreProcess.inMemory();
                var server = start(store.url());
                var slow = WsClient.connectWithoutReading(server.port())) {
            var maxBuffered = new AtomicLong();
            var sampler = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxBuffered.accumulateAndGet(bufferedBytes(server.port()), Math::max);
                }
            });
            int sent = 0;
            try {
                for (; sent < 100_000; sent++) {
                    slow.sendAsync(MESSAGE).get(3, TimeUnit.SECONDS);
                }
            } catch (TimeoutException stalled) {
                // the server stopped reading: exactly what a bound looks like from the client
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            assertTrue(
                    maxBuffered.get() <= SMALL.connectionBytes() + 4096, "buffered at most " + maxBuffered + " bytes");
            assertTrue(sent < 100_000, "the server read all " + sent + " messages from a client that reads no replies");
        }
    }

    @Test
    void with_the_store_down_a_connection_is_no_longer_read_past_the_bound_and_others_still_are() throws Exception {
        var down = EmbeddedStore.start(Optional.empty());
        try (var server = start(down.url());
                var flooding = WsClient.connectWithoutReading(server.port())) {
            down.close();
            boolean stalled = false;
            for (int sent = 0; sent < 100_000 && !stalled; sent++) {
                try {
                    flooding.sendAsync(MESSAGE).get(5, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    stalled = true;
                }
            }
            assertTrue(stalled, "the server stopped reading the flooding connection");
            assertTrue(bufferedBytes(server.port()) <= SMALL.connectionBytes() + 4096);
            try (var other = WsClient.connect(server.port())) {
                String reply = other.send("{\"n\":2}").reply();
                assertTrue(reply.startsWith("{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"unavailable\""), reply);
            }
        } finally {
            down.close();
        }
    }

    @Test
    void connections_that_drop_with_writes_in_flight_give_back_all_the_room_they_held() throws Exception {
        // Writes of 10 messages, so that a connection has two of them at the store when it drops.
        var limits = new IngestLimits(500, 64 << 10, 1 << 20, 10, 64 << 10, 2);
        try (var store = StoreProcess.inMemory();
                var server = start(store.url(), limits)) {
            for (int c = 0; c < 20; c++) {
                var client = WsClient.connectWithoutReading(server.port());
                try {
                    for (int sent = 0; sent < 200; sent++) {
                        client.sendAsync(MESSAGE).get(3, TimeUnit.SECONDS);
                    }
                } catch (TimeoutException stalled) {
                    // the server stopped reading this one: it is dropped with its bound full
                } finally {
                    // Half go without a word (the server's replies then fail), half with a closing handshake.
                    if (c % 2 == 0) {
                        client.abort();
                    } else {
                        client.close();
                    }
                }
            }
            Await.until(
                    "no bytes held for connections that are gone",
                    Duration.ofSeconds(30),
                    () -> bufferedBytes(server.port()) == 0);
            try (var next = WsClient.connect(server.port())) {
                String reply = next.send(MESSAGE).reply();
                assertTrue(reply.startsWith("{\"ok\":true,\"seq\":1"), reply);
            }
        }
    }

    private static long bufferedBytes(int port) {
        var metrics = PrometheusText.scrape(port);
        return (long) metrics.value("inventory_ingest_buffered_bytes")
                .orElseThrow(() -> new AssertionError("no buffered-bytes gauge in:\n" + metrics.text()));
    }
}
