package org.inventory.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
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

        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("<script"), html);
        assertFalse(lower.contains("<img"), html);
        assertFalse(lower.contains("</script"), html);
        String script = "&lt;script&gt;alert(1)&lt;/script&gt;";
        String image = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
        assertTrue(html.contains("<th scope=\"col\">" + script + "</th>"), html);
        assertTrue(html.contains("<td>" + script + "</td>"), html);
        assertTrue(html.contains("<th scope=\"col\">" + image + "</th>"), html);
        assertTrue(html.contains("<td>" + image + "</td>"), html);
        assertTrue(html.contains("<th scope=\"col\">&#39;</th>"), html);
        assertTrue(html.contains("<td>&#39;</td>"), html);
        assertTrue(html.contains("<td>&amp;lt; is not &lt;</td>"), html);
    }

    @Test
    void the_escaped_page_reads_back_as_the_stored_text() throws Exception {
        fixture.store(List.of(hostile()));

        String html = fixture.get("/display?format=html").body();

        assertEquals(List.of("_id", SCRIPT, IMAGE, QUOTE, "nested", "amp"), DisplayFixture.headers(html));
        List<String> row = DisplayFixture.rows(html).getFirst();
        assertEquals(List.of(SCRIPT, IMAGE, QUOTE,
                        "{\"x\":\"</td></tr></table>" + SCRIPT + "\",\"'\":[\"\\\"><img src=x onerror=alert(1)>\"]}",
                        "&lt; is not <"),
                row.subList(1, row.size()));
    }
}
