package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.Http;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IngestTest {
    private static final String COLLECTION = "ingest_test";
    private static final String ID_1 = "5f1d7f1e2b3c4d5e6f708191";
    private static final String ID_2 = "5f1d7f1e2b3c4d5e6f708192";

    private InventoryServer server;
    private WsClient client;

    @BeforeEach
    void start() {
        TestStore.emptyCollection(COLLECTION);
        server = start(Map.of("INVENTORY_MAX_BATCH", "5", "INVENTORY_MAX_MESSAGE_BYTES", "4096"));
        client = WsClient.connect(ingestPort(server));
    }

    /** The port these tests' WebSocket clients connect to; {@link DeviceIngestTest} runs them on the device port. */
    IngestPort ingest() {
        return IngestPort.API;
    }

    private int ingestPort(InventoryServer server) {
        return ingest().of(server);
    }

    private InventoryServer start(Map<String, String> env) {
        return InventoryServer.start(Settings.from(ingest().env(COLLECTION, env)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static MongoCollection<Document> collection() {
        return TestStore.database().getCollection(COLLECTION);
    }

    private long stored() {
        return collection().countDocuments();
    }

    @Test
    void a_record_is_acknowledged_and_then_shown_on_display_exactly_as_sent() {
        String record =
                "{\"_id\":\"" + ID_1 + "\",\"sku\":\"A-1\",\"qty\":3,\"price\":{\"amount\":9.5,\"currency\":\"EUR\"},"
                        + "\"tags\":[\"a\",\"b\"],\"ok\":true,\"none\":null,\"big\":123456789012345678901234567890,"
                        + "\"long\":9007199254740993,\"text\":\"\\u00e9\\\"<>\"}";
        assertEquals(
                "{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}",
                client.send(record).reply());

        var page = Http.get(server.port(), "/display?page=1");
        assertEquals(200, page.statusCode());
        assertEquals(
                "{\"page\":1,\"per_page\":50,\"total\":1,\"pages\":1,\"items\":[" + record.replace("\\u00e9", "\u00e9")
                        + "]}",
                page.body());
    }

    /** One message each: its exact reply, and how many records the collection then holds. */
    static Stream<Arguments> single_messages() {
        return Stream.of(
                argumentSet(
                        "a batch is stored whole and counted",
                        "[{\"n\":1},{\"n\":2},{\"n\":3}]",
                        "{\"ok\":true,\"seq\":1,\"inserted\":3,\"duplicates\":0}",
                        3),
                argumentSet(
                        "an id repeated within a batch is stored once and the repeat is a duplicate",
                        "[{\"_id\":\"" + ID_1 + "\",\"n\":1},{\"_id\":\"" + ID_1 + "\",\"n\":2}]",
                        "{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":1}",
                        1),
                argumentSet(
                        "a batch with one bad record stores nothing and names the record",
                        "[{\"n\":1},{\"n\":2},{\"loc\":{\"$where\":\"x\"}}]",
                        "{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"invalid_record\",\"message\":\"field names must not start with '$'\","
                                + "\"retryable\":false,\"index\":2,\"path\":\"loc.$where\"}}",
                        0),
                argumentSet(
                        "an empty batch is an invalid record",
                        "[]",
                        "{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"invalid_record\",\"message\":\"an empty batch holds no record\","
                                + "\"retryable\":false}}",
                        0),
                argumentSet(
                        "a batch over the limit is batch_too_large and stores nothing",
                        "[{},{},{},{},{},{}]",
                        "{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"batch_too_large\",\"message\":\"a batch holds at most 5 records\","
                                + "\"retryable\":false}}",
                        0),
                argumentSet(
                        "a record nested deeper than 32 levels is an invalid record",
                        "{\"a\":" + "[".repeat(32) + "]".repeat(32) + "}",
                        "{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"invalid_record\",\"message\":\"nesting is deeper than 32 levels\","
                                + "\"retryable\":false,\"index\":0,\"path\":\"a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]\"}}",
                        0));
    }

    @ParameterizedTest
    @MethodSource("single_messages")
    void a_message_gets_its_reply_and_the_collection_holds_what_it_says(String message, String reply, long records) {
        assertEquals(reply, client.send(message).reply());
        assertEquals(records, stored());
    }

    @Test
    void a_resent_client_id_counts_as_a_duplicate_not_an_error() {
        String batch = "[{\"_id\":\"" + ID_1 + "\",\"n\":1},{\"_id\":{\"$oid\":\"" + ID_2 + "\"},\"n\":2}]";
        assertEquals(
                "{\"ok\":true,\"seq\":1,\"inserted\":2,\"duplicates\":0}",
                client.send(batch).reply());
        assertEquals(
                "{\"ok\":true,\"seq\":2,\"inserted\":0,\"duplicates\":2}",
                client.send(batch).reply());
        assertEquals(
                Set.of(new ObjectId(ID_1), new ObjectId(ID_2)),
                collection().distinct("_id", ObjectId.class).into(new java.util.HashSet<>()));
    }

    @Test
    void malformed_json_is_refused_and_the_connection_stays_usable() {
        String reply = client.send("{\"n\":").reply();
        assertTrue(
                reply.startsWith(
                        "{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"invalid_json\",\"message\":\"malformed JSON"),
                reply);
        assertTrue(reply.endsWith("\"retryable\":false}}"), reply);
        assertEquals(
                "{\"ok\":true,\"seq\":2,\"inserted\":1,\"duplicates\":0}",
                client.send("{\"n\":1}").reply());
    }

    @Test
    void text_beyond_ascii_is_stored_exactly_including_a_literal_u_fffd() {
        String text = "Größe \uFFFD 東京 \uD83D\uDCE6";
        assertEquals(
                "{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}",
                client.send("{\"a\":\"" + text + "\"}").reply());
        assertEquals(text, collection().find().first().getString("a"));
    }

    @Test
    void a_binary_frame_is_unsupported_and_still_takes_a_number() {
        assertEquals(
                "{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"unsupported_frame\",\"message\":\"binary frames are not supported;"
                        + " send JSON as text frames\",\"retryable\":false}}",
                client.sendBinary(new byte[] {1, 2, 3}).reply());
        assertEquals(
                "{\"ok\":true,\"seq\":2,\"inserted\":1,\"duplicates\":0}",
                client.send("{\"n\":1}").reply());
    }

    @Test
    void a_fragmented_message_is_reassembled() {
        assertEquals(
                "{\"ok\":true,\"seq\":1,\"inserted\":2,\"duplicates\":0}",
                client.sendFragments("[{\"sku\":\"A", "-1\"},{\"s", "ku\":\"B-2\"}]")
                        .reply());
        assertEquals(
                List.of("A-1", "B-2"),
                collection()
                        .find()
                        .sort(new Document("sku", 1))
                        .map(d -> d.getString("sku"))
                        .into(new java.util.ArrayList<>()));
    }

    static Stream<Arguments> messages_over_the_size_limit() {
        String part = "{\"pad\":\"" + "x".repeat(3000) + "\"}";
        return Stream.of(
                argumentSet("a fragmented message", List.of("[" + part, "," + part + "]"), 6023),
                argumentSet("a single frame", List.of("{\"pad\":\"" + "x".repeat(5000) + "\"}"), 5010));
    }

    @ParameterizedTest
    @MethodSource("messages_over_the_size_limit")
    void a_message_over_the_size_limit_is_message_too_large_stores_nothing_and_the_connection_stays_usable(
            List<String> frames, int bytes) {
        String reply = client.sendFragments(frames.toArray(String[]::new)).reply();
        assertEquals(
                "{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"message_too_large\",\"message\":\"message is " + bytes
                        + " bytes; the limit is 4096\",\"retryable\":false}}",
                reply);
        assertEquals(
                "{\"ok\":true,\"seq\":2,\"inserted\":1,\"duplicates\":0}",
                client.send("{\"n\":1}").reply());
        assertEquals(1, stored());
    }

    @Test
    void a_record_the_store_refuses_for_another_reason_is_answered_internal() {
        // A unique index on sku: a repeated sku is a duplicate key, but not a duplicate record.
        collection().createIndex(Indexes.ascending("sku"), new IndexOptions().unique(true));
        assertEquals(
                "{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}",
                client.send("{\"sku\":\"A\"}").reply());
        String reply = client.send("{\"sku\":\"A\"}").reply();
        assertTrue(
                reply.startsWith(
                        "{\"ok\":false,\"seq\":2,\"error\":{\"code\":\"internal\",\"message\":\"the store refused 1 record(s)"),
                reply);
        assertEquals(1, stored());
    }

    @Test
    void pipelined_messages_are_answered_in_order_and_all_stored_once() {
        int count = 10_000;
        for (int i = 1; i <= count; i++) {
            client.send(i % 1000 == 0 ? "{\"bad\":" : "{\"n\":" + i + "}");
        }
        List<String> replies = client.replies(count);
        for (int i = 1; i <= count; i++) {
            String expected = i % 1000 == 0
                    ? "{\"ok\":false,\"seq\":" + i + ",\"error\":{\"code\":\"invalid_json\""
                    : "{\"ok\":true,\"seq\":" + i + ",\"inserted\":1,\"duplicates\":0}";
            assertTrue(replies.get(i - 1).startsWith(expected), replies.get(i - 1));
        }
        assertEquals(count - 10, stored());
        assertEquals(
                count - 10,
                collection()
                        .distinct("n", Integer.class)
                        .into(new java.util.ArrayList<>())
                        .size());
    }

    @Test
    void pipelined_messages_repeating_ids_store_each_once_and_count_every_repeat_as_a_duplicate() {
        // Each _id is sent in two consecutive messages, which the server may have at the store at once.
        int count = 2_000;
        for (int i = 0; i < count; i++) {
            client.send("{\"_id\":\"" + String.format("%024x", i / 2) + "\",\"n\":" + i + "}");
        }
        List<String> replies = client.replies(count);
        int inserted = 0;
        int duplicates = 0;
        for (int i = 0; i < count; i++) {
            String reply = replies.get(i);
            if (reply.equals("{\"ok\":true,\"seq\":" + (i + 1) + ",\"inserted\":1,\"duplicates\":0}")) {
                inserted++;
            } else if (reply.equals("{\"ok\":true,\"seq\":" + (i + 1) + ",\"inserted\":0,\"duplicates\":1}")) {
                duplicates++;
            } else {
                throw new AssertionError("reply " + (i + 1) + ": " + reply);
            }
        }
        assertEquals(count / 2, inserted);
        assertEquals(count / 2, duplicates);
        assertEquals(count / 2, stored());
    }

    @Test
    void an_ingest_token_requires_the_bearer_header_and_stores_nothing_without_it() {
        try (var guarded = start(Map.of("INGEST_TOKEN", "s3cret"))) {
            for (Map<String, String> headers :
                    List.of(Map.<String, String>of(), Map.of("Authorization", "Bearer wrong"))) {
                var failure =
                        assertThrows(IllegalStateException.class, () -> WsClient.connect(ingestPort(guarded), headers));
                assertTrue(failure.getMessage().contains("401"), failure.getMessage());
            }
            try (var allowed = WsClient.connect(ingestPort(guarded), Map.of("Authorization", "Bearer s3cret"))) {
                assertEquals(
                        "{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}",
                        allowed.send("{\"n\":1}").reply());
            }
            assertEquals(200, Http.get(guarded.port(), "/display").statusCode());
        }
        assertEquals(1, stored());
    }

    @Test
    void an_upgrade_from_a_page_of_another_site_is_refused_and_one_from_our_own_origin_is_not() {
        var failure = assertThrows(
                IllegalStateException.class,
                () -> WsClient.connect(ingestPort(server), Map.of("Origin", "https://evil.example")));
        assertTrue(failure.getMessage().contains("403"), failure.getMessage());
        int port = ingestPort(server);
        try (var sameSite = WsClient.connect(port, Map.of("Origin", "http://127.0.0.1:" + port))) {
            assertEquals(
                    "{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}",
                    sameSite.send("{\"n\":1}").reply());
        }
        assertEquals(1, stored());
    }
}
