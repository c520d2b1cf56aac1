package org.inventory.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.types.ObjectId;
import org.inventory.testkit.Await;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SIGTERM in the middle of a stream: what was in flight is answered, the socket closes with 1001, exit 0. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShutdownTest {
    private static final String COLLECTION = "shutdown_test";

    @Test
    void sigterm_during_a_stream_answers_what_was_in_flight_and_closes_with_1001() throws Exception {
        var collection = TestStore.emptyCollection(COLLECTION);
        try (var server = ServerProcess.start(TestEnv.server(COLLECTION))) {
            server.awaitHealthy(Duration.ofSeconds(30));
            var client = WsClient.connect(server.port());
            int count = 50_000;
            var ids = new ObjectId[count];
            var sender = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < count; i++) {
                    ids[i] = new ObjectId();
                    try {
                        client.sendAsync("{\"_id\":\"" + ids[i].toHexString() + "\",\"n\":" + i + "}")
                                .join();
                    } catch (RuntimeException closed) {
                        return;
                    }
                }
            });
            client.replies(1000);
            server.terminate();
            var rest = client.repliesUntilClosed();
            assertEquals(1001, client.closeStatus());
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)), server::outputTail);
            sender.join();

            // Replies 1001.. follow in order; each is stored or refused as unavailable, never lost silently.
            var acknowledged = new HashSet<ObjectId>();
            for (int i = 0; i < 1000; i++) {
                acknowledged.add(ids[i]);
            }
            long seq = 1000;
            for (String reply : rest) {
                seq++;
                if (reply.equals("{\"ok\":true,\"seq\":" + seq + ",\"inserted\":1,\"duplicates\":0}")) {
                    acknowledged.add(ids[(int) seq - 1]);
                } else {
                    assertEquals(
                            "{\"ok\":false,\"seq\":" + seq + ",\"error\":{\"code\":\"unavailable\",\"message\":"
                                    + "\"the server is shutting down; send again\",\"retryable\":true}}",
                            reply);
                }
            }
            assertEquals(
                    acknowledged, collection.distinct("_id", ObjectId.class).into(new HashSet<>()));
            client.close();
        }
    }

    /**
     * Devices that each wait for an ack before sending again: a message alone on its connection is stored and
     * answered by the connection's reading thread, and the 1001 must still wait for that answer. A message
     * stored without its ack would be sent again by a device that cannot know it was kept.
     */
    @Tag("chaos") // a store or server stopped under load: the full tier
    @Test
    void sigterm_while_devices_send_one_at_a_time_stores_exactly_what_was_acknowledged() throws Exception {
        var collection = TestStore.emptyCollection(COLLECTION);
        try (var server = ServerProcess.start(TestEnv.server(COLLECTION))) {
            server.awaitHealthy(Duration.ofSeconds(30));
            var acknowledged = ConcurrentHashMap.<ObjectId>newKeySet();
            var answered = new AtomicInteger();
            var wrong = new ConcurrentLinkedQueue<String>();
            var devices = new ArrayList<Thread>();
            for (int d = 0; d < 40; d++) {
                var client = WsClient.connect(server.port());
                devices.add(Thread.ofVirtual().start(() -> {
                    for (long seq = 1; ; seq++) {
                        // A hundred records a message: the store's write takes long enough for the stop to meet it.
                        var ids = new ArrayList<ObjectId>();
                        var message = new StringJoiner(",", "[", "]");
                        for (int r = 0; r < 100; r++) {
                            ids.add(new ObjectId());
                            message.add("{\"_id\":\"" + ids.getLast().toHexString() + "\",\"n\":" + r + "}");
                        }
                        try {
                            client.sendAsync(message.toString()).join();
                        } catch (RuntimeException closed) {
                            break;
                        }
                        Optional<String> reply = client.replyOrClose();
                        if (reply.isEmpty()) {
                            break;
                        }
                        if (reply.get().equals("{\"ok\":true,\"seq\":" + seq + ",\"inserted\":100,\"duplicates\":0}")) {
                            acknowledged.addAll(ids);
                        } else if (!reply.get()
                                .equals(
                                        "{\"ok\":false,\"seq\":" + seq + ",\"error\":{\"code\":\"unavailable\","
                                                + "\"message\":\"the server is shutting down; send again\",\"retryable\":true}}")) {
                            wrong.add(reply.get());
                        }
                        answered.incrementAndGet();
                    }
                    int status = client.closeStatus();
                    if (status != 1001) {
                        wrong.add("closed with " + status);
                    }
                    client.close();
                }));
            }
            Await.until("1,000 acks", Duration.ofSeconds(30), () -> answered.get() >= 1000);
            server.terminate();
            for (Thread device : devices) {
                device.join();
            }
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)), server::outputTail);
            assertEquals(List.of(), List.copyOf(wrong));
            assertEquals(
                    acknowledged, collection.distinct("_id", ObjectId.class).into(new HashSet<>()));
        }
    }
}
