package org.inventory.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.inventory.server.config.Settings;
import org.inventory.server.ingest.IngestLimits;
import org.inventory.testkit.Http;
import org.inventory.testkit.SseClient;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.WsClient;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Extended JSON values from ingest to every route: stored as their BSON types, written back as relaxed Extended
 * JSON by /display (JSON and the HTML table), /export (NDJSON, JSON; CSV with ISO dates) and /live alike.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TypedValuesTest {
    private static final String COLLECTION = "typed_values";
    private static final String ID = "65f1d7f1e2b3c4d5e6f70819";
    private static final String REF = "65f1d7f1e2b3c4d5e6f7081a";
    /** What a client sends, canonical and relaxed forms mixed. */
    private static final String SENT = "{\"_id\":{\"$oid\":\"" + ID + "\"},\"sku\":\"S-1\","
            + "\"at\":{\"$date\":\"2024-05-01T14:00:00.5+02:00\"},\"born\":{\"$date\":{\"$numberLong\":\"-1000\"}},"
            + "\"count\":{\"$numberLong\":\"7\"},\"ratio\":{\"$numberDouble\":\"NaN\"},\"price\":{\"$numberDecimal\":\"9.90\"},"
            + "\"ref\":{\"$oid\":\"" + REF + "\"},\"blob\":{\"$binary\":{\"base64\":\"AQID\",\"subType\":\"0\"}},"
            + "\"history\":[{\"at\":{\"$date\":{\"$numberLong\":\"1714564800000\"}}}]}";
    /** What every JSON route writes for it. */
    private static final String ITEM = "{\"_id\":\"" + ID + "\",\"sku\":\"S-1\","
            + "\"at\":{\"$date\":\"2024-05-01T12:00:00.500Z\"},\"born\":{\"$date\":{\"$numberLong\":\"-1000\"}},"
            + "\"count\":{\"$numberLong\":\"7\"},\"ratio\":{\"$numberDouble\":\"NaN\"},\"price\":{\"$numberDecimal\":\"9.90\"},"
            + "\"ref\":{\"$oid\":\"" + REF + "\"},\"blob\":{\"$binary\":{\"base64\":\"AQID\",\"subType\":\"00\"}},"
            + "\"history\":[{\"at\":{\"$date\":\"2024-05-01T12:00:00Z\"}}]}";

    private InventoryServer server;
    private WsClient ingest;

    @BeforeEach
    void start() {
        TestStore.emptyCollection(COLLECTION);
        server = InventoryServer.start(
                Settings.from(TestEnv.server(COLLECTION, Map.of())), IngestLimits.DEFAULT, Duration.ofMillis(300));
        ingest = WsClient.connect(server.port());
    }

    @AfterEach
    void stop() {
        ingest.close();
        server.close();
    }

    @Test
    void wrapped_values_are_stored_as_their_bson_types() {
        ack(SENT);
        BsonDocument stored = TestStore.database()
                .getCollection(COLLECTION, BsonDocument.class)
                .find()
                .first();
        var expected = new BsonDocument("_id", new BsonObjectId(new ObjectId(ID)))
                .append("sku", new BsonString("S-1"))
                .append("at", new BsonDateTime(1714564800500L))
                .append("born", new BsonDateTime(-1000))
                .append("count", new BsonInt64(7))
                .append("ratio", new BsonDouble(Double.NaN))
                .append("price", new BsonDecimal128(Decimal128.parse("9.90")))
                .append("ref", new BsonObjectId(new ObjectId(REF)))
                .append("blob", new BsonBinary(new byte[] {1, 2, 3}))
                .append(
                        "history",
                        new org.bson.BsonArray(List.of(new BsonDocument("at", new BsonDateTime(1714564800000L)))));
        assertEquals(expected, stored);
    }

    @Test
    void a_malformed_wrapper_is_refused_with_its_path_and_nothing_is_stored() {
        String reply = ingest.send("[{\"sku\":\"ok\"},{\"at\":{\"$date\":\"yesterday\"}}]")
                .reply();
        assertTrue(reply.startsWith("{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"invalid_record\""), reply);
        assertTrue(reply.contains("\"index\":1") && reply.contains("\"path\":\"at\""), reply);
        assertEquals(0, TestStore.database().getCollection(COLLECTION).countDocuments());
    }

    @Test
    void display_export_and_live_write_relaxed_extended_json() {
        try (var feed = SseClient.subscribe(server.port(), "/live")) {
            ack(SENT);
            assertEquals(ITEM, feed.nextEvent().data());
        }
        assertTrue(Http.get(server.port(), "/display").body().contains("\"items\":[" + ITEM + "]"));
        assertEquals(
                ITEM + "\n", Http.get(server.port(), "/export?format=ndjson").body());
        assertEquals(
                "[" + ITEM + "]", Http.get(server.port(), "/export?format=json").body());
    }

    @Test
    void the_html_table_shows_the_relaxed_extended_json_and_the_id_as_hex() {
        ack(SENT);
        var page = Jsoup.parse(Http.get(server.port(), "/display?format=html").body());
        List<String> heads = page.select("table thead th").eachText();
        List<String> cells = page.select("table tbody tr").getFirst().select("td").stream()
                .map(Element::wholeText)
                .map(String::strip)
                .toList();
        assertEquals(ID, cells.get(heads.indexOf("_id")), heads + " " + cells);
        assertEquals("{\"$date\":\"2024-05-01T12:00:00.500Z\"}", cells.get(heads.indexOf("at")));
        assertEquals("{\"$oid\":\"" + REF + "\"}", cells.get(heads.indexOf("ref")));
        assertEquals("{\"$numberDecimal\":\"9.90\"}", cells.get(heads.indexOf("price")));
    }

    @Test
    void csv_writes_dates_as_iso_8601_utc() {
        ack(SENT);
        assertEquals(
                "_id,sku,at,born,price\r\n" + ID + ",S-1,2024-05-01T12:00:00.500Z,1969-12-31T23:59:59Z,9.90\r\n",
                Http.get(server.port(), "/export?format=csv&fields=sku,at,born,price")
                        .body());
    }

    private void ack(String message) {
        String reply = ingest.send(message).reply();
        assertEquals("{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}", reply);
    }
}
