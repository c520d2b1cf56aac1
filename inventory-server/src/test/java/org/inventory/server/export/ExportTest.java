package org.inventory.server.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.inventory.server.DisplayFixture;
import org.inventory.server.http.FindParameters;
import org.inventory.testkit.Await;
import org.inventory.testkit.PrometheusText;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /export}: the query's records as NDJSON, CSV or JSON, streamed, gzip when accepted (README, Export). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExportTest {
    private static final String COLLECTION = "export";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static DisplayFixture fixture;

    @BeforeAll
    static void startServer() {
        fixture = DisplayFixture.start(COLLECTION);
        fixture.emptyCollection();
        fixture.store(DisplayFixture.inventory(2500));
    }

    @AfterAll
    static void stopServer() {
        fixture.close();
    }

    @Test
    void ndjson_and_json_items_are_the_display_items_of_the_same_query() throws Exception {
        String query = "filter=" + FindParameters.encode("{\"quantity\":{\"$lt\":300}}")
                + "&sort=-quantity&fields=sku%2Cprice";
        BsonArray shown = BsonDocument.parse(
                        fixture.get("/display?" + query + "&per_page=1000").body())
                .getArray("items");

        HttpResponse<String> ndjson = get("/export?" + query, Optional.empty());
        assertEquals(200, ndjson.statusCode(), ndjson.body());
        assertEquals(Optional.of("application/x-ndjson"), ndjson.headers().firstValue("Content-Type"));
        assertTrue(ndjson.headers()
                .firstValue("Content-Disposition")
                .orElseThrow()
                .matches("attachment; filename=\"inventory-\\d{8}-\\d{6}\\.ndjson\""));
        List<BsonDocument> lines =
                ndjson.body().lines().map(BsonDocument::parse).toList();
        assertTrue(ndjson.body().endsWith("}\n"));
        assertEquals(shown.getValues(), List.copyOf(lines));

        HttpResponse<String> json = get("/export?format=json&" + query, Optional.empty());
        assertEquals(Optional.of("application/json"), json.headers().firstValue("Content-Type"));
        assertEquals(shown, BsonDocument.parse("{\"a\":" + json.body() + "}").getArray("a"));
    }

    @Test
    void an_export_holds_every_match_however_many() throws Exception {
        HttpResponse<String> all = get("/export", Optional.empty());
        assertEquals(2500, all.body().lines().count());
        HttpResponse<String> none =
                get("/export?format=json&filter=" + FindParameters.encode("{\"sku\":\"none\"}"), Optional.empty());
        assertEquals("[]", none.body());
    }

    @Test
    void csv_has_a_header_quotes_as_rfc_4180_and_neutralises_formulas() throws Exception {
        var records = TestStore.database().getCollection("export_csv");
        records.drop();
        var first = new ObjectId();
        var second = new ObjectId();
        records.insertMany(List.of(
                new Document("_id", first)
                        .append("sku", "=HYPERLINK(\"http://x\")")
                        .append("note", "a, \"b\"\r\nc")
                        .append("price", new Document("amount", 12.5).append("currency", "EUR"))
                        .append("qty", -3),
                new Document("_id", second)
                        .append("sku", "+1")
                        .append("extra", List.of(1, "two"))
                        .append("note", "@me\tx")));
        try (var server = DisplayFixture.start("export_csv")) {
            HttpResponse<String> csv = Http11.get(server.base() + "/export?format=csv");
            assertEquals(
                    Optional.of("text/csv; charset=utf-8; header=present"),
                    csv.headers().firstValue("Content-Type"));
            assertTrue(csv.headers()
                    .firstValue("Content-Disposition")
                    .orElseThrow()
                    .endsWith(".csv\""));
            assertEquals(
                    "_id,sku,note,price,qty,extra\r\n"
                            + first.toHexString() + ",\"'=HYPERLINK(\"\"http://x\"\")\",\"a, \"\"b\"\"\r\nc\","
                            + "\"{\"\"amount\"\":12.5,\"\"currency\"\":\"\"EUR\"\"}\",-3,\r\n"
                            + second.toHexString() + ",'+1,'@me\tx,,,\"[1,\"\"two\"\"]\"\r\n",
                    csv.body());

            HttpResponse<String> chosen =
                    Http11.get(server.base() + "/export?format=csv&fields=price.amount,sku&sort=-sku");
            assertEquals(
                    "_id,price.amount,sku\r\n" + first.toHexString() + ",12.5,\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"
                            + second.toHexString() + ",,'+1\r\n",
                    chosen.body());
        }
    }

    @Test
    void csv_of_no_records_is_its_header_line() throws Exception {
        String none = "filter=" + FindParameters.encode("{\"sku\":\"none\"}");
        assertEquals(
                "_id\r\n", get("/export?format=csv&" + none, Optional.empty()).body());
        assertEquals(
                "_id,sku,quantity\r\n",
                get("/export?format=csv&fields=sku%2Cquantity&" + none, Optional.empty())
                        .body());
    }

    @Test
    void gzip_when_the_client_accepts_it_and_only_then() throws Exception {
        String plain = get("/export?format=csv", Optional.empty()).body();
        HttpResponse<byte[]> gzipped = CLIENT.send(
                HttpRequest.newBuilder(URI.create(fixture.base() + "/export?format=csv"))
                        .header("Accept-Encoding", "br;q=1.0, gzip;q=0.8")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(Optional.of("gzip"), gzipped.headers().firstValue("Content-Encoding"));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertEquals(plain, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(gzipped.body().length < plain.length() / 3);
        HttpResponse<String> refused = get("/export?format=csv", Optional.of("gzip;q=0, identity"));
        assertEquals(Optional.empty(), refused.headers().firstValue("Content-Encoding"));
        assertEquals(plain, refused.body());
    }

    @Test
    void a_client_that_goes_away_ends_the_stream_and_its_store_cursor() throws Exception {
        var big = new ArrayList<Document>();
        for (int i = 0; i < 20_000; i++) {
            big.add(new Document("sku", "BIG-" + i).append("pad", "x".repeat(1000)));
        }
        var records = TestStore.database().getCollection("export_gone");
        records.drop();
        records.insertMany(big);
        try (var server = DisplayFixture.start("export_gone")) {
            int port = Integer.parseInt(server.base().substring(server.base().lastIndexOf(':') + 1));
            HttpResponse<InputStream> response = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(server.base() + "/export"))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                body.readNBytes(100_000);
                assertEquals(1.0, open(port));
            }
            // Closing the body mid-stream drops the connection: the server's next write fails and ends the cursor.
            Await.until("the export to end after its client left", Duration.ofSeconds(30), () -> open(port) == 0.0);
            assertEquals(200, server.get("/display?per_page=1").statusCode());
        }
    }

    @Test
    void a_file_name_tells_the_format() throws Exception {
        assertTrue(get("/export?format=json", Optional.empty())
                .headers()
                .firstValue("Content-Disposition")
                .orElseThrow()
                .endsWith(".json\""));
        assertEquals(400, get("/export?format=xml", Optional.empty()).statusCode());
    }

    private static double open(int port) {
        return PrometheusText.scrape(port).value("inventory_exports_open").orElse(-1);
    }

    private static HttpResponse<String> get(String pathAndQuery, Optional<String> acceptEncoding) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(fixture.base() + pathAndQuery))
                .timeout(Duration.ofSeconds(60));
        acceptEncoding.ifPresent(value -> request.header("Accept-Encoding", value));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Plain GETs to any base URL. */
    private static final class Http11 {
        static HttpResponse<String> get(String url) throws Exception {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
