package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Upsert mode over a real WebSocket: replies, what is stored, and what is refused. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpsertIngestTest {
    private static final String COLLECTION = "upsert_ingest_test";
    private static final String ID_1 = "5f1d7f1e2b3c4d5e6f708191";
    private static final String ID_2 = "5f1d7f1e2b3c4d5e6f708192";

    private InventoryServer server;
    private WsClient client;

    /** The port these tests' WebSocket clients connect to; {@link DeviceUpsertIngestTest} runs them on the device port. */
    IngestPort ingest() {
        return IngestPort.API;
    }

    private void start(Map<String, String> env) {
        TestStore.emptyCollection(COLLECTION);
        server = InventoryServer.start(Settings.from(ingest().env(COLLECTION, env)));
        client = WsClient.connect(ingest().of(server));
    }

    private void startVersioned() {
        start(Map.of(
                "INVENTORY_WRITE_MODE",
                "upsert",
                "INVENTORY_KEY",
                "sku,warehouse.code",
                "INVENTORY_VERSION_FIELD",
                "v"));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static MongoCollection<Document> collection() {
        return TestStore.database().getCollection(COLLECTION);
    }

    private static String item(String id, String sku, String warehouse, Object version, int qty) {
        return "{" + (id == null ? "" : "\"_id\":\"" + id + "\",") + "\"sku\":\"" + sku
                + "\",\"warehouse\":{\"code\":\"" + warehouse + "\"},\"v\":" + version + ",\"qty\":" + qty + "}";
    }

    private static String reply(long seq, int inserted, int replaced, int duplicates, int stale) {
        return "{\"ok\":true,\"seq\":" + seq + ",\"inserted\":" + inserted + ",\"replaced\":" + replaced
                + ",\"duplicates\":" + duplicates + ",\"stale\":" + stale + "}";
    }

    private static List<Document> stored() {
        return collection()
                .find()
                .sort(Sorts.ascending("sku", "warehouse.code"))
                .into(new java.util.ArrayList<>());
    }

    @Test
    void a_newer_version_replaces_the_stored_record_keeping_its_id_an_equal_one_is_a_duplicate_an_older_one_stale() {
        startVersioned();
        assertEquals(
                reply(1, 1, 0, 0, 0), client.send(item(ID_1, "A", "W1", 1, 10)).reply());
        ObjectId firstId = stored().getFirst().getObjectId("_id");

        assertEquals(
                reply(2, 0, 1, 0, 0), client.send(item(ID_2, "A", "W1", 2, 20)).reply());
        assertEquals(
                reply(3, 0, 0, 1, 0), client.send(item(null, "A", "W1", 2, 99)).reply());
        assertEquals(
                reply(4, 0, 0, 0, 1), client.send(item(null, "A", "W1", 1, 99)).reply());
        assertEquals(
                reply(5, 1, 0, 0, 0), client.send(item(null, "A", "W2", 1, 5)).reply());

        List<Document> items = stored();
        assertEquals(2, items.size());
        assertEquals(
                new Document("_id", firstId)
                        .append("sku", "A")
                        .append("warehouse", new Document("code", "W1"))
                        .append("v", 2)
                        .append("qty", 20),
                items.getFirst());
    }

    @Test
    void records_of_one_key_in_one_message_count_as_if_sent_one_after_the_other() {
        startVersioned();
        assertEquals(
                reply(1, 1, 1, 0, 0),
                client.send("[" + item(null, "A", "W1", 3, 3) + "," + item(null, "A", "W1", 5, 5) + "]")
                        .reply());
        assertEquals(
                reply(2, 0, 1, 1, 1),
                client.send("[" + item(null, "A", "W1", 7, 7) + "," + item(null, "A", "W1", 6, 6) + ","
                                + item(null, "A", "W1", 7, 70) + "]")
                        .reply());
        assertEquals(List.of(7), stored().stream().map(d -> d.getInteger("qty")).toList());
    }

    @Test
    void versions_compare_as_numbers_whatever_their_json_form() {
        startVersioned();
        assertEquals(
                reply(1, 1, 0, 0, 0), client.send(item(null, "A", "W1", 2, 1)).reply());
        assertEquals(
                reply(2, 0, 0, 1, 0),
                client.send(item(null, "A", "W1", "2.0", 2)).reply());
        assertEquals(
                reply(3, 0, 1, 0, 0),
                client.send(item(null, "A", "W1", "2.5", 3)).reply());
        assertEquals(
                reply(4, 0, 0, 0, 1),
                client.send(item(null, "A", "W1", "9007199254740", 4).replace("9007199254740", "1"))
                        .reply());
    }

    @Test
    void without_a_version_field_the_last_record_sent_replaces_the_stored_one() {
        start(Map.of("INVENTORY_WRITE_MODE", "upsert", "INVENTORY_KEY", "sku"));
        assertEquals(
                reply(1, 1, 1, 0, 0),
                client.send("[{\"sku\":\"A\",\"n\":1},{\"sku\":\"A\",\"n\":2}]").reply());
        assertEquals(
                reply(2, 0, 1, 0, 0), client.send("{\"sku\":\"A\",\"n\":0}").reply());
        assertEquals(
                List.of(0),
                collection()
                        .find()
                        .projection(Projections.excludeId())
                        .map(d -> d.getInteger("n"))
                        .into(new java.util.ArrayList<>()));
    }

    @Test
    void a_record_lacking_its_key_or_version_or_with_a_version_of_another_type_stores_nothing_of_the_message() {
        startVersioned();
        String good = item(null, "A", "W1", 1, 1);
        assertEquals(
                refused(1, 1, "warehouse.code", "the record lacks the key field 'warehouse.code' (INVENTORY_KEY)"),
                client.send("[" + good + ",{\"sku\":\"B\",\"warehouse\":{},\"v\":1}]")
                        .reply());
        assertEquals(
                refused(2, 0, "warehouse.code", "the record lacks the key field 'warehouse.code' (INVENTORY_KEY)"),
                client.send("{\"sku\":\"B\",\"warehouse\":\"W1\",\"v\":1}").reply());
        assertEquals(
                refused(3, 1, "v", "the record lacks the version field 'v' (INVENTORY_VERSION_FIELD)"),
                client.send("[" + good + ",{\"sku\":\"B\",\"warehouse\":{\"code\":\"W\"}}]")
                        .reply());
        assertEquals(
                refused(4, 0, "v", "the version field 'v' must hold a number or a date"),
                client.send(item(null, "A", "W1", "\"2024-05-01\"", 1)).reply());
        assertEquals(
                refused(5, 0, "v", "the version field 'v' must hold a number or a date"),
                client.send(item(null, "A", "W1", "null", 1)).reply());
        assertEquals(
                refused(6, 0, "sku", "the key field 'sku' holds an array; a key field holds a single value"),
                client.send("{\"sku\":[1,2],\"warehouse\":{\"code\":\"W\"},\"v\":1}")
                        .reply());
        assertEquals(0, collection().countDocuments());
    }

    private static String refused(long seq, int index, String path, String message) {
        return "{\"ok\":false,\"seq\":" + seq + ",\"error\":{\"code\":\"invalid_record\",\"message\":\"" + message
                + "\",\"retryable\":false,\"index\":" + index + ",\"path\":\"" + path + "\"}}";
    }

    @Test
    void insert_mode_replies_as_before() {
        start(Map.of());
        assertEquals(
                "{\"ok\":true,\"seq\":1,\"inserted\":2,\"duplicates\":0}",
                client.send("[" + item(null, "A", "W1", 1, 1) + "," + item(null, "A", "W1", 1, 1) + "]")
                        .reply());
    }
}
