package org.inventory.server.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.types.ObjectId;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.server.ingest.IngestLimits;
import org.inventory.testkit.SseClient;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The change-stream source: two instances on one replica set, a record ingested through one appears on the other's
 * feed, and a reconnect to the other instance with the first one's id continues. It needs a real replica set named
 * by {@code INVENTORY_TEST_MONGODB_URL} (the embedded store has no change streams); without one it is skipped,
 * saying why.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveChangeStreamTest {
    private static final String COLLECTION = "live_change_stream";

    private static final String REASON = "the change-stream feed needs a MongoDB replica set or sharded cluster in "
            + TestStore.URL_VARIABLE + "; "
            + (TestStore.external()
                    ? "that store offers no change streams"
                    : "it is not set, so the tests run on the embedded store");

    private static void assumeExternal() {
        if (!TestStore.external()) {
            System.err.println("LiveChangeStreamTest skipped: " + REASON);
        }
        Assumptions.assumeTrue(TestStore.external(), REASON);
    }

    private static void assumeChangeStreams(InventoryServer server) {
        if (!server.liveSource().equals("change streams")) {
            System.err.println("LiveChangeStreamTest skipped: " + REASON);
        }
        Assumptions.assumeTrue(server.liveSource().equals("change streams"), REASON);
    }

    @Test
    @SuppressWarnings("try") // the first feed is closed early: the second resumes from its last event
    void a_record_ingested_through_one_instance_appears_on_the_others_feed_and_resumes_across_instances() {
        assumeExternal();
        TestStore.emptyCollection(COLLECTION);
        try (var one = start();
                var other = start()) {
            assumeChangeStreams(other);
            String lastId;
            try (var ingest = WsClient.connect(one.port());
                    var feed = SseClient.subscribe(other.port(), "/live?fields=n")) {
                String id = new ObjectId().toHexString();
                ingest.send("{\"_id\":\"" + id + "\",\"n\":1,\"x\":2}").reply();
                SseClient.Event event = feed.nextEvent();
                assertEquals("{\"_id\":\"" + id + "\",\"n\":1}", event.data());
                lastId = event.id();
                String next = new ObjectId().toHexString();
                ingest.send("{\"_id\":\"" + next + "\",\"n\":2}").reply();
                feed.close();
                try (var again = SseClient.subscribe(one.port(), "/live?fields=n", Map.of("Last-Event-ID", lastId))) {
                    assertEquals(
                            "{\"_id\":\"" + next + "\",\"n\":2}",
                            again.nextEvent().data());
                }
            }
        }
    }

    @Test
    void in_upsert_mode_a_replacement_through_one_instance_appears_on_the_others_feed_as_stored() {
        assumeExternal();
        TestStore.emptyCollection(COLLECTION);
        Map<String, String> upsert =
                Map.of("INVENTORY_WRITE_MODE", "upsert", "INVENTORY_KEY", "sku", "INVENTORY_VERSION_FIELD", "v");
        try (var one = start(upsert);
                var other = start(upsert)) {
            assumeChangeStreams(other);
            try (var ingest = WsClient.connect(one.port());
                    var feed = SseClient.subscribe(other.port(), "/live")) {
                ingest.send("{\"sku\":\"A\",\"v\":1}").reply();
                String id = TestStore.database()
                        .getCollection(COLLECTION)
                        .find()
                        .first()
                        .getObjectId("_id")
                        .toHexString();
                assertEquals(
                        "{\"_id\":\"" + id + "\",\"sku\":\"A\",\"v\":1}",
                        feed.nextEvent().data());
                assertEquals(
                        "{\"ok\":true,\"seq\":2,\"inserted\":0,\"replaced\":1,\"duplicates\":0,\"stale\":1}",
                        ingest.send("[{\"sku\":\"A\",\"v\":2,\"q\":5},{\"sku\":\"A\",\"v\":1}]")
                                .reply());
                assertEquals(
                        "{\"_id\":\"" + id + "\",\"sku\":\"A\",\"v\":2,\"q\":5}",
                        feed.nextEvent().data());
            }
        }
    }

    private static InventoryServer start(Map<String, String> env) {
        return InventoryServer.start(
                Settings.from(TestEnv.server(COLLECTION, env)), IngestLimits.DEFAULT, Duration.ofSeconds(1));
    }

    private static InventoryServer start() {
        return InventoryServer.start(
                Settings.from(TestEnv.server(COLLECTION)), IngestLimits.DEFAULT, Duration.ofSeconds(1));
    }
}
