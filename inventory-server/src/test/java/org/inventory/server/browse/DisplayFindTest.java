package org.inventory.server.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Projections;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.inventory.server.DisplayFixture;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.server.http.FindParameters;
import org.inventory.testkit.Http;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /display} with {@code filter}, {@code sort} and {@code fields}: the same records as the raw driver's query,
 * walked by cursor or by page number, with links that keep the query, and bounded counts (README, Find).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DisplayFindTest {
    private static final String COLLECTION = "display_find";
    private static final String FILTER = "{\"quantity\":{\"$gte\":30},\"tags\":\"t1\"}";
    private static DisplayFixture fixture;

    @BeforeAll
    static void startServer() {
        fixture = DisplayFixture.start(COLLECTION);
        fixture.emptyCollection();
        fixture.store(DisplayFixture.inventory(120));
    }

    @AfterAll
    static void stopServer() {
        fixture.close();
    }

    @Test
    void a_filtered_sorted_page_with_fields_is_the_drivers_query() throws Exception {
        HttpResponse<String> response = fixture.get("/display?filter=" + FindParameters.encode(FILTER)
                + "&sort=-price.amount,sku&fields=sku,price.amount&per_page=10");

        assertEquals(200, response.statusCode(), response.body());
        BsonDocument body = BsonDocument.parse(response.body());
        List<Document> expected = TestStore.database()
                .getCollection(COLLECTION)
                .find(Document.parse(FILTER))
                .sort(Document.parse("{\"price.amount\":-1,\"sku\":1,\"_id\":1}"))
                .projection(Projections.include("sku", "price.amount"))
                .limit(10)
                .into(new ArrayList<>());
        assertEquals(expected.stream().map(d -> d.getString("sku")).toList(), skus(body));
        for (BsonValue item : body.getArray("items")) {
            assertTrue(
                    List.of("_id", "sku", "price").containsAll(item.asDocument().keySet()), item.toString());
        }
        long matches = TestStore.database().getCollection(COLLECTION).countDocuments(Document.parse(FILTER));
        assertEquals(matches, body.get("total").asNumber().longValue());
        assertEquals(Optional.of(Long.toString(matches)), response.headers().firstValue("X-Total-Count"));
    }

    @Test
    void walking_by_the_next_token_yields_the_drivers_order_each_record_once() throws Exception {
        String query = "filter=" + FindParameters.encode("{\"quantity\":{\"$lt\":300}}")
                + "&sort=-discontinued%2Cprice.amount";
        var walked = new ArrayList<String>();
        String path = "/display?" + query + "&per_page=7";
        int pages = 0;
        while (path != null) {
            HttpResponse<String> response = fixture.get(path);
            assertEquals(200, response.statusCode(), response.body());
            BsonDocument body = BsonDocument.parse(response.body());
            walked.addAll(skus(body));
            // A filtered cursor page does not count the matches again: its cost stays that of its own records.
            assertEquals(pages == 0, body.containsKey("total"), response.body());
            assertEquals(
                    pages == 0, response.headers().firstValue("X-Total-Count").isPresent());
            Optional<String> next = DisplayFixture.linkHeader(response, "next");
            if (body.containsKey("next")) {
                // The Link header continues with the same query: by page number from a page by number, by the token
                // from a cursor page.
                assertTrue(next.orElseThrow().contains(query), next.get());
                assertTrue(
                        next.get()
                                .contains(
                                        pages == 0
                                                ? "page=2"
                                                : "after="
                                                        + body.getString("next").getValue()),
                        next.get());
                path = "/display?" + query + "&per_page=7&after="
                        + body.getString("next").getValue();
            } else {
                assertEquals(Optional.empty(), next);
                path = null;
            }
            pages++;
        }
        List<String> expected = TestStore.database()
                .getCollection(COLLECTION)
                .find(Document.parse("{\"quantity\":{\"$lt\":300}}"))
                .sort(Document.parse("{\"discontinued\":-1,\"price.amount\":1,\"_id\":1}"))
                .map(d -> d.getString("sku"))
                .into(new ArrayList<>());
        assertEquals(expected, walked);
        assertEquals((expected.size() + 6) / 7, pages);
    }

    @Test
    void page_links_keep_the_query() throws Exception {
        String query = "filter=" + FindParameters.encode(FILTER) + "&sort=-quantity&fields=sku%2Cquantity";
        HttpResponse<String> response = fixture.get("/display?" + query + "&page=2&per_page=3");

        assertEquals(200, response.statusCode(), response.body());
        for (String rel : List.of("first", "prev", "next", "last")) {
            String link = DisplayFixture.linkHeader(response, rel).orElseThrow(() -> new AssertionError(rel));
            assertTrue(link.contains("&" + query), link);
            assertEquals(200, fixture.get(link).statusCode(), link);
        }
        // The page-number walk offers a cursor too, for programs that switch to it.
        assertTrue(BsonDocument.parse(response.body()).containsKey("next"));
    }

    @Test
    void the_html_page_keeps_the_query_in_every_link_and_offers_exports_and_sorting() throws Exception {
        String query = "filter=" + FindParameters.encode(FILTER) + "&sort=-quantity";
        String html =
                fixture.get("/display?" + query + "&per_page=3&format=html").body();
        var page = DisplayFixture.parse(html);

        for (Element link : page.select("nav a")) {
            assertTrue(link.attr("href").contains(query), link.outerHtml());
        }
        List<String> exports = page.select("p.exports a").eachAttr("href");
        assertEquals(
                List.of(
                        "/export?format=csv&" + query,
                        "/export?format=ndjson&" + query,
                        "/export?format=json&" + query,
                        "/live?filter=" + FindParameters.encode(FILTER),
                        "/overview?filter=" + FindParameters.encode(FILTER)),
                exports);
        assertEquals(FILTER, page.selectFirst("textarea#filter").text());
        // The head of the column sorted descending is marked and sorts ascending; another sorts by itself.
        Element quantity = page.select("thead th").stream()
                .filter(th -> th.text().equals("quantity"))
                .findFirst()
                .orElseThrow();
        assertEquals("descending", quantity.attr("aria-sort"));
        assertTrue(quantity.selectFirst("a").attr("href").contains("sort=quantity&"), quantity.outerHtml());
        Element sku = page.select("thead th").stream()
                .filter(th -> th.text().equals("sku"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                sku.selectFirst("a").attr("href").contains("sort=sku&")
                        && sku.selectFirst("a").attr("href").contains("filter="),
                sku.outerHtml());
        // The forms carry what they do not change.
        assertEquals(
                List.of("-quantity"),
                page.select("#per-page-form input[name=sort]").eachAttr("value"));
        assertEquals(
                List.of(FILTER), page.select("#fields-form input[name=filter]").eachAttr("value"));
    }

    @Test
    void the_filter_forms_rows_become_one_filter_by_redirect() throws Exception {
        HttpResponse<String> response = fixture.get(
                "/display?where_field=quantity&where_op=gte&where_value=300"
                        + "&where_field=name&where_op=regex&where_value=Item%201&where_field=&where_op=eq&where_value="
                        + "&filter=" + FindParameters.encode("{\"tags\":\"t1\"}")
                        + "&sort=-quantity&per_page=5&format=html",
                DisplayFixture.BROWSER_ACCEPT);

        assertEquals(303, response.statusCode(), response.body());
        String location = response.headers().firstValue("Location").orElseThrow();
        assertEquals(
                "/display?filter="
                        + FindParameters.encode(
                                "{\"tags\": \"t1\", \"quantity\": {\"$gte\": 300}, \"name\": {\"$regex\": \"Item 1\"}}")
                        + "&sort=-quantity&per_page=5&format=html",
                location);
        BsonDocument body = BsonDocument.parse(
                fixture.get(location.replace("&format=html", "")).body());
        List<String> expected = TestStore.database()
                .getCollection(COLLECTION)
                .find(Document.parse("{\"tags\":\"t1\",\"quantity\":{\"$gte\":300},\"name\":{\"$regex\":\"Item 1\"}}"))
                .sort(Document.parse("{\"quantity\":-1}"))
                .limit(5)
                .map(d -> d.getString("sku"))
                .into(new ArrayList<>());
        assertEquals(expected, skus(body));
        // A row on a field the filter has already joins it with $and; a forbidden operator is refused at once.
        String both = fixture.get("/display?where_field=quantity&where_op=lt&where_value=10&filter="
                        + FindParameters.encode("{\"quantity\":{\"$gte\":3}}"))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        assertTrue(
                both.contains(FindParameters.encode(
                        "{\"$and\": [{\"quantity\": {\"$gte\": 3}}, {\"quantity\": {\"$lt\": 10}}]}")),
                both);
        assertEquals(
                400,
                fixture.get("/display?where_field=%24where&where_op=eq&where_value=1")
                        .statusCode());
        assertEquals(
                400,
                fixture.get("/display?where_field=a&where_op=near&where_value=1")
                        .statusCode());
    }

    @Test
    void a_count_past_the_limit_is_capped_and_the_last_page_left_out() throws Exception {
        try (var server = InventoryServer.start(
                Settings.from(TestEnv.server(COLLECTION, Map.of("INVENTORY_COUNT_LIMIT", "10"))))) {
            HttpResponse<String> response = Http.get(
                    server.port(),
                    "/display?per_page=4&filter=" + FindParameters.encode("{\"quantity\":{\"$gte\":0}}"));

            assertEquals(200, response.statusCode(), response.body());
            BsonDocument body = BsonDocument.parse(response.body());
            assertEquals(10, body.getInt32("total").getValue());
            assertTrue(body.getBoolean("total_capped").getValue());
            assertFalse(body.containsKey("pages"));
            assertEquals(Optional.empty(), response.headers().firstValue("X-Total-Count"));
            assertEquals(Optional.empty(), DisplayFixture.linkHeader(response, "last"));
            assertTrue(DisplayFixture.linkHeader(response, "next").isPresent());
            // Exactly at the limit is a count, not a cap; unfiltered the total is the collection's, uncapped.
            BsonDocument exact = BsonDocument.parse(
                    Http.get(server.port(), "/display?filter=" + FindParameters.encode("{\"quantity\":{\"$lt\":30}}"))
                            .body());
            assertEquals(10, exact.getInt32("total").getValue());
            assertFalse(exact.containsKey("total_capped"));
            assertEquals(
                    120,
                    BsonDocument.parse(Http.get(server.port(), "/display").body())
                            .getInt32("total")
                            .getValue());
        }
    }

    @Test
    void blank_parameters_are_none_as_a_forms_empty_boxes_send_them() throws Exception {
        HttpResponse<String> response = fixture.get("/display?filter=&sort=&fields=&per_page=5");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(
                120, BsonDocument.parse(response.body()).get("total").asNumber().intValue());
        assertEquals(Optional.of("120"), response.headers().firstValue("X-Total-Count"));
    }

    private static List<String> skus(BsonDocument body) {
        return body.getArray("items").stream()
                .map(item -> item.asDocument().getString("sku").getValue())
                .toList();
    }
}
