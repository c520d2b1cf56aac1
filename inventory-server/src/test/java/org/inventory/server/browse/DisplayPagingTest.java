package org.inventory.server.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.inventory.core.RecordJson;
import org.inventory.server.DisplayFixture;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /display} by page number and by cursor, as JSON and as HTML, against a real server and store. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DisplayPagingTest {
    private static DisplayFixture fixture;

    @BeforeAll
    static void startServer() {
        fixture = DisplayFixture.start("display_paging");
    }

    @AfterAll
    static void stopServer() {
        fixture.close();
    }

    @BeforeEach
    void emptyCollection() {
        fixture.emptyCollection();
    }

    @Test
    void json_and_html_of_the_same_page_show_the_same_records() throws Exception {
        fixture.store(DisplayFixture.inventory(23));

        HttpResponse<String> json = fixture.get("/display?page=2&per_page=10");
        HttpResponse<String> html = fixture.get("/display?page=2&per_page=10&format=html");

        List<BsonDocument> items = BsonDocument.parse(json.body()).getArray("items").stream()
                .map(BsonValue::asDocument)
                .toList();
        var columns = new LinkedHashSet<String>();
        columns.add("_id");
        items.forEach(item -> columns.addAll(item.keySet()));
        List<List<String>> expectedRows = items.stream()
                .map(item -> columns.stream()
                        .map(column -> cellText(item.get(column)))
                        .toList())
                .toList();
        assertEquals(10, items.size());
        assertEquals(new ArrayList<>(columns), DisplayFixture.headers(html.body()));
        assertEquals(expectedRows, DisplayFixture.rows(html.body()));
    }

    @Test
    void the_html_next_links_walk_every_page_exactly_once() throws Exception {
        List<ObjectId> stored = fixture.store(DisplayFixture.inventory(47));

        var seen = new ArrayList<String>();
        int pages = 0;
        Optional<String> next = Optional.of("/display?page=1&per_page=10&format=html");
        while (next.isPresent() && pages < 10) {
            HttpResponse<String> response = fixture.get(next.get());
            assertEquals(200, response.statusCode());
            seen.addAll(DisplayFixture.ids(response.body()));
            next = DisplayFixture.link(response.body(), "next");
            pages++;
        }

        assertEquals(5, pages);
        assertEquals(hex(stored), seen);
    }

    @Test
    void the_cursor_walk_returns_every_record_exactly_once_in_order() throws Exception {
        List<ObjectId> stored = fixture.store(DisplayFixture.inventory(47));

        var seen = new ArrayList<String>();
        var nextLinks = new ArrayList<String>();
        Optional<String> next = Optional.of("/display?after=000000000000000000000000&per_page=10");
        while (next.isPresent() && nextLinks.size() < 10) {
            HttpResponse<String> response = fixture.get(next.get());
            assertEquals(200, response.statusCode());
            BsonDocument body = BsonDocument.parse(response.body());
            body.getArray("items")
                    .forEach(item -> seen.add(item.asDocument().getString("_id").getValue()));
            next = DisplayFixture.linkHeader(response, "next");
            next.ifPresent(nextLinks::add);
        }

        assertEquals(hex(stored), seen);
        // Each next link continues after the last record its page showed.
        assertEquals(
                List.of(10, 20, 30, 40).stream()
                        .map(i -> "/display?after=" + stored.get(i - 1).toHexString() + "&per_page=10")
                        .toList(),
                nextLinks);
    }

    @Test
    void a_cursor_page_that_ends_at_the_last_record_has_no_next_link() throws Exception {
        List<ObjectId> stored = fixture.store(DisplayFixture.inventory(20));

        HttpResponse<String> response =
                fixture.get("/display?after=" + stored.get(9).toHexString() + "&per_page=10");

        assertEquals(hex(stored.subList(10, 20)), jsonIds(response));
        assertEquals(Optional.empty(), DisplayFixture.linkHeader(response, "next"));
        assertEquals(Optional.of("/display?page=1&per_page=10"), DisplayFixture.linkHeader(response, "first"));
    }

    @Test
    void the_cursor_html_page_links_to_the_first_page_and_to_the_next_records_by_after() throws Exception {
        List<ObjectId> stored = fixture.store(DisplayFixture.inventory(25));

        String html = fixture.get("/display?after=" + stored.get(4).toHexString() + "&per_page=10&format=html")
                .body();

        assertEquals(hex(stored.subList(5, 15)), DisplayFixture.ids(html));
        assertEquals(Optional.of("/display?page=1&per_page=10&format=html"), DisplayFixture.link(html, "first"));
        assertEquals(
                Optional.of("/display?after=" + stored.get(14).toHexString() + "&per_page=10&format=html"),
                DisplayFixture.link(html, "next"));
        assertEquals(Optional.empty(), DisplayFixture.link(html, "prev"));
    }

    @Test
    void a_browser_gets_the_html_page_in_utf8_without_asking_for_a_format() throws Exception {
        fixture.store(DisplayFixture.inventory(3));

        HttpResponse<String> response = fixture.get("/display", DisplayFixture.BROWSER_ACCEPT);

        assertEquals(200, response.statusCode());
        assertEquals(Optional.of("text/html; charset=UTF-8"), response.headers().firstValue("Content-Type"));
        assertEquals(3, DisplayFixture.rows(response.body()).size());
        assertEquals("3 records", total(response.body()), response.body());
    }

    @Test
    void a_client_without_an_accept_preference_gets_json() throws Exception {
        fixture.store(DisplayFixture.inventory(3));

        HttpResponse<String> response = fixture.get("/display", "*/*");

        assertEquals(Optional.of("application/json"), response.headers().firstValue("Content-Type"));
        assertEquals(3, jsonIds(response).size());
    }

    @Test
    void the_page_numbers_show_the_pages_around_the_current_one_and_the_first_and_last() throws Exception {
        fixture.store(DisplayFixture.inventory(200));

        String html = fixture.get("/display?page=10&per_page=10&format=html").body();

        assertEquals(
                List.of(
                        "« first",
                        "‹ previous",
                        "1",
                        "…",
                        "7",
                        "8",
                        "9",
                        "[10]",
                        "11",
                        "12",
                        "13",
                        "…",
                        "20",
                        "next ›",
                        "last »"),
                navigation(html));
        assertEquals(Optional.of("/display?page=9&per_page=10&format=html"), DisplayFixture.link(html, "prev"));
        assertEquals(Optional.of("/display?page=11&per_page=10&format=html"), DisplayFixture.link(html, "next"));
        assertEquals(Optional.of("/display?page=20&per_page=10&format=html"), DisplayFixture.link(html, "last"));
    }

    @Test
    void the_first_page_has_no_previous_link_and_the_last_page_no_next_link() throws Exception {
        fixture.store(DisplayFixture.inventory(25));

        String first = fixture.get("/display?page=1&per_page=10&format=html").body();
        String last = fixture.get("/display?page=3&per_page=10&format=html").body();

        assertEquals(List.of("« first", "(‹ previous)", "[1]", "2", "3", "next ›", "last »"), navigation(first));
        assertEquals(List.of("« first", "‹ previous", "1", "2", "[3]", "(next ›)", "last »"), navigation(last));
    }

    @Test
    void a_page_past_the_end_is_an_html_page_without_rows() throws Exception {
        fixture.store(DisplayFixture.inventory(5));

        HttpResponse<String> response = fixture.get("/display?page=4&per_page=10&format=html");

        assertEquals(200, response.statusCode());
        assertEquals(List.of(), DisplayFixture.rows(response.body()));
        assertTrue(
                DisplayFixture.parse(response.body())
                        .selectFirst("p.total")
                        .text()
                        .endsWith("Page 4 of 1 has no records."),
                response.body());
        assertEquals(
                Optional.of("/display?page=3&per_page=10&format=html"), DisplayFixture.link(response.body(), "prev"));
    }

    @Test
    void an_empty_collection_shows_zero_records_and_one_page() throws Exception {
        String html = fixture.get("/display?format=html").body();

        assertEquals("0 records", total(html), html);
        assertEquals(List.of(), DisplayFixture.rows(html));
        assertEquals(List.of("« first", "(‹ previous)", "[1]", "(next ›)", "last »"), navigation(html));
    }

    @Test
    void the_per_page_form_offers_sizes_up_to_the_maximum_and_keeps_the_html_format() throws Exception {
        fixture.store(DisplayFixture.inventory(3));

        String html = fixture.get("/display?per_page=7&format=html").body();

        Element form = DisplayFixture.parse(html).selectFirst("form#per-page-form");
        assertEquals("get", form.attr("method"), html);
        assertEquals("/display", form.attr("action"), html);
        assertEquals(
                List.of("html"), form.select("input[type=hidden][name=format]").eachAttr("value"), html);
        assertEquals(List.of("7*", "10", "50", "100", "500", "1000"), options(form));
        assertEquals(1, form.select("button[type=submit]").size(), html);
    }

    /** What the HTML view shows for a JSON value: strings as they are, anything else as compact JSON. */
    private static String cellText(BsonValue value) {
        if (value == null) {
            return "";
        }
        return value.isString() ? value.asString().getValue() : RecordJson.compact(value);
    }

    /** The first navigation bar as text: links as their label, [current page], (disabled). */
    private static List<String> navigation(String html) {
        Element nav = DisplayFixture.parse(html).selectFirst("nav");
        return nav.children().stream()
                .map(entry -> switch (entry.tagName()) {
                    case "strong" -> "[" + entry.text() + "]";
                    case "span" -> entry.hasClass("off") ? "(" + entry.text() + ")" : entry.text();
                    default -> entry.text();
                })
                .toList();
    }

    /** The per-page choice's sizes, the selected one with a star. */
    private static List<String> options(Element form) {
        return form.select("select[name=per_page] > option").stream()
                .map(option -> option.text() + (option.hasAttr("selected") ? "*" : ""))
                .toList();
    }

    /** The total as the page's summary shows it in bold. */
    private static String total(String html) {
        return DisplayFixture.parse(html).selectFirst("p.total > strong").text();
    }

    private static List<String> jsonIds(HttpResponse<String> response) {
        return BsonDocument.parse(response.body()).getArray("items").stream()
                .map(item -> item.asDocument().getString("_id").getValue())
                .toList();
    }

    private static List<String> hex(List<ObjectId> ids) {
        return ids.stream().map(ObjectId::toHexString).toList();
    }
}
