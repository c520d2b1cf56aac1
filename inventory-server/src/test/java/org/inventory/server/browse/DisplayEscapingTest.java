package org.inventory.server.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.inventory.server.DisplayFixture;
import org.inventory.server.http.FindParameters;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Field names and values from records reach the HTML page only escaped (§2). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DisplayEscapingTest {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMAGE = "\"><img src=x onerror=alert(1)>";
    static final String QUOTE = "'";

    private static DisplayFixture fixture;

    @BeforeAll
    static void startServer() {
        fixture = DisplayFixture.start("display_escaping");
    }

    @AfterAll
    static void stopServer() {
        fixture.close();
    }

    @BeforeEach
    void emptyCollection() {
        fixture.emptyCollection();
    }

    /** A record whose field names and values are markup, plainly and inside a nested value. */
    static Document hostile() {
        return new Document(SCRIPT, SCRIPT)
                .append(IMAGE, IMAGE)
                .append(QUOTE, QUOTE)
                .append("nested", new Document("x", "</td></tr></table>" + SCRIPT).append(QUOTE, List.of(IMAGE)))
                .append("amp", "&lt; is not <");
    }

    @Test
    void markup_in_field_names_and_values_is_escaped_in_the_html() throws Exception {
        fixture.store(List.of(hostile()));

        String html = fixture.get("/display?format=html").body();

        // Not a tag of the stored markup in the bytes, in any casing.
        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("<script"), html);
        assertFalse(lower.contains("<img"), html);
        assertFalse(lower.contains("</script"), html);
        // Nor in what a browser's parser builds: no element or attribute from a record, and one table whose single
        // row has a cell for each of the six columns, so no value closed a cell, a row or the table early.
        var page = DisplayFixture.parse(html);
        assertEquals(
                List.of(),
                page.select("script, img, [onerror]").stream()
                        .map(Element::outerHtml)
                        .toList());
        assertEquals(1, page.select("table").size(), html);
        Elements headers = page.select("table > thead > tr > th");
        Elements cells = page.select("table > tbody > tr > td");
        assertEquals(6, headers.size(), html);
        assertEquals(1, page.select("table > tbody > tr").size(), html);
        assertEquals(6, cells.size(), html);
        // Each name and value is text: a header cell holds nothing but its sort link, a value cell nothing but the
        // box that bounds a long value (the nested one here), and link and box hold text only.
        for (Element header : headers) {
            assertEquals(
                    List.of(),
                    header.select("*").not("th, th > a").stream()
                            .map(Element::outerHtml)
                            .toList(),
                    html);
        }
        for (Element cell : cells) {
            assertEquals(
                    List.of(),
                    cell.select("*").not("td, td > div.long").stream()
                            .map(Element::outerHtml)
                            .toList(),
                    html);
        }
        // An escaped & stays an & and the entity-looking text stays text: "&lt;" is not decoded to "<".
        assertEquals("&lt; is not <", cells.last().wholeText(), html);
    }

    @Test
    void the_escaped_page_reads_back_as_the_stored_text() throws Exception {
        fixture.store(List.of(hostile()));

        String html = fixture.get("/display?format=html").body();

        assertEquals(List.of("_id", SCRIPT, IMAGE, QUOTE, "nested", "amp"), DisplayFixture.headers(html));
        List<String> row = DisplayFixture.rows(html).getFirst();
        assertEquals(
                List.of(
                        SCRIPT,
                        IMAGE,
                        QUOTE,
                        "{\"x\":\"</td></tr></table>" + SCRIPT + "\",\"'\":[\"\\\"><img src=x onerror=alert(1)>\"]}",
                        "&lt; is not <"),
                row.subList(1, row.size()));
    }

    @Test
    void a_hostile_filter_and_sort_stay_text_in_the_form_and_links() throws Exception {
        fixture.store(List.of(hostile()));
        String filter = "{\"name\":\"</textarea>" + SCRIPT + IMAGE.replace("\"", "\\\"") + "\"}";
        String sort = "-\"><b>x";

        String html = fixture.get("/display?format=html&sort=" + FindParameters.encode(sort) + "&filter="
                        + FindParameters.encode(filter))
                .body();

        var page = DisplayFixture.parse(html);
        assertEquals(
                List.of(),
                page.select("script, img, b, [onerror]").stream()
                        .map(Element::outerHtml)
                        .toList());
        assertEquals(filter, page.selectFirst("textarea#filter").wholeText());
        assertEquals(
                List.of(filter), page.select("#fields-form input[name=filter]").eachAttr("value"));
        assertEquals(List.of(sort), page.select("#filter-form input[name=sort]").eachAttr("value"));
        for (Element link : page.select("a[href]")) {
            assertFalse(link.attr("href").contains("<"), link.outerHtml());
        }
    }
}
