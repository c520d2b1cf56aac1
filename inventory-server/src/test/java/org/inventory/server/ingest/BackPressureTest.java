package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.inventory.embedded.EmbeddedStore;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.Await;
import org.inventory.testkit.PrometheusText;
import org.inventory.testkit.StoreProcess;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the server holds for ingest is bounded: it stops reading from a connection instead of growing its heap. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BackPressureTest {
    private static final String COLLECTION = "back_pressure_test";
    private static final IngestLimits SMALL = new IngestLimits(500, 64 << 10, 1 << 20, 100, 64 << 10, 2);
    private static final String MESSAGE = "{\"n\":1,\"pad\":\"" + "x".repeat(1000) + "\"}";

    /** The port these tests' WebSocket clients connect to; {@link DeviceBackPressureTest} runs them on the device port. */
    IngestPort ingest() {
        return IngestPort.API;
    }

    private int ingestPort(InventoryServer server) {
        return ingest().of(server);
    }

    private InventoryServer start(String url) {
        return start(url, SMALL);
    }

    private InventoryServer start(String url, IngestLimits limits) {
        var settings = Settings.from(ingest().env(
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
     * the connection is that gauge, sampled throughout. A client that reads no replies is no longer read once its
     * bound is full ({@code inventory_ingest_waiting_connections}), long before its 100,000 messages (100 MB) came;
     * once it goes, the server gives back all it held for it.
     */
    @Test
    void a_client_sending_100000_messages_and_reading_nothing_stays_within_the_bound() throws Exception {
        // The store runs in its own process, so that the records stored before the stall do not fill this JVM.
        try (var store = StoreProcess.inMemory();
                var server = start(store.url())) {
            var slow = WsClient.connectWithoutReading(ingestPort(server));
            var sent = new AtomicInteger();
            Thread sender = sendUntilStopped(slow, sent);
            var maxBuffered = new AtomicLong();
            Await.until("the server stops reading the client", Duration.ofSeconds(60), () -> {
                var metrics = PrometheusText.scrape(server.port());
                maxBuffered.accumulateAndGet(bufferedBytes(metrics), Math::max);
                return waitingConnections(metrics) == 1;
            });
            assertTrue(
                    maxBuffered.get() <= SMALL.connectionBytes() + 4096, "buffered at most " + maxBuffered + " bytes");
            assertTrue(sent.get() < 100_000, "the server read all " + sent + " messages from a client that reads none");

            slow.abort();
            sender.join();
            Await.until("nothing held or waiting for the client that went", Duration.ofSeconds(30), () -> {
                var metrics = PrometheusText.scrape(server.port());
                return bufferedBytes(metrics) == 0 && waitingConnections(metrics) == 0;
            });
        }
    }

    @Test
    void with_the_store_down_a_connection_is_no_longer_read_past_the_bound_and_others_still_are() throws Exception {
        var down = EmbeddedStore.start(Optional.empty());
        try (var server = start(down.url());
                var flooding = WsClient.connectWithoutReading(ingestPort(server))) {
            down.close();
            Thread sender = sendUntilStopped(flooding, new AtomicInteger());
            Await.until(
                    "the server stops reading the flooding connection",
                    Duration.ofSeconds(60),
                    () -> waitingConnections(PrometheusText.scrape(server.port())) == 1);
            assertTrue(bufferedBytes(PrometheusText.scrape(server.port())) <= SMALL.connectionBytes() + 4096);
            try (var other = WsClient.connect(ingestPort(server))) {
                String reply = other.send("{\"n\":2}").reply();
                assertTrue(reply.startsWith("{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"unavailable\""), reply);
            }
            flooding.abort();
            sender.join();
        } finally {
            down.close();
        }
    }

    /** Sends the message until 100,000 went or the connection fails (the test aborts it), counting what went. */
    private static Thread sendUntilStopped(WsClient client, AtomicInteger sent) {
        return Thread.ofVirtual().start(() -> {
            try {
                while (sent.get() < 100_000) {
                    client.sendAsync(MESSAGE).get();
                    sent.incrementAndGet();
                }
            } catch (ExecutionException | CancellationException gone) {
                // the test aborted the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void connections_that_drop_with_writes_in_flight_give_back_all_the_room_they_held() throws Exception {
        // Writes of 10 messages, so that a connection has two of them at the store when it drops.
        var limits = new IngestLimits(500, 64 << 10, 1 << 20, 10, 64 << 10, 2);
        try (var store = StoreProcess.inMemory();
                var server = start(store.url(), limits)) {
            for (int c = 0; c < 20; c++) {
                var client = WsClient.connectWithoutReading(ingestPort(server));
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
            try (var next = WsClient.connect(ingestPort(server))) {
                String reply = next.send(MESSAGE).reply();
                assertTrue(reply.startsWith("{\"ok\":true,\"seq\":1"), reply);
            }
        }
    }

    private static long bufferedBytes(int port) {
        return bufferedBytes(PrometheusText.scrape(port));
    }

    private static long bufferedBytes(PrometheusText metrics) {
        return (long) gauge(metrics, "inventory_ingest_buffered_bytes");
    }

    private static long waitingConnections(PrometheusText metrics) {
        return (long) gauge(metrics, "inventory_ingest_waiting_connections");
    }

    private static double gauge(PrometheusText metrics, String name) {
        return metrics.value(name).orElseThrow(() -> new AssertionError("no " + name + " in:\n" + metrics.text()));
    }
}
