package org.inventory.server.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.inventory.testkit.Http;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /overview}: its figures are /summary's, its bars follow them, its links select exactly their records. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OverviewTest {
    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static InsightFixture fixture;

    @BeforeAll
    static void start() {
        fixture = InsightFixture.start("overview");
        fixture.store(InsightFixture.records(2500, 11));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void the_json_figures_are_the_summaries_of_each_configured_path() {
        BsonDocument overview = fixture.json("/overview?format=json");
        assertEquals(2500, overview.getNumber("total").intValue());
        List<String> groups = overview.getArray("charts").stream()
                .map(c -> c.asDocument().getString("group").getValue())
                .toList();
        assertEquals(List.of("category", "warehouse.code", "status"), groups);
        for (BsonValue chart : overview.getArray("charts")) {
            String group = chart.asDocument().getString("group").getValue();
            List<BsonValue> expected = fixture.json("/summary?group=" + group + "&sum=quantity")
                    .getArray("rows")
                    .getValues();
            List<BsonDocument> rows = chart.asDocument().getArray("rows").stream()
                    .map(BsonValue::asDocument)
                    .toList();
            assertEquals(expected.size(), rows.size(), group);
            for (int i = 0; i < rows.size(); i++) {
                BsonDocument row = rows.get(i).clone();
                row.remove("filter");
                assertEquals(expected.get(i), row, group);
            }
        }
        BsonDocument alerts = overview.getDocument("alerts");
        long alertCount = fixture.export("{\"status\":{\"$in\":[\"low_stock\",\"out_of_stock\"]}}")
                .size();
        assertEquals(alertCount, alerts.getNumber("count").longValue());
        assertEquals(50, alerts.getArray("records").size());
        assertEquals(61, overview.getArray("arrivals").size());
        // The records were stored just now: all of them arrived within the hour.
        assertEquals(
                2500,
                overview.getArray("arrivals").stream()
                        .mapToLong(a -> a.asDocument().getNumber("count").longValue())
                        .sum());
        assertEquals(1000, overview.getDocument("schema").getNumber("sampled").intValue());
    }

    @Test
    void each_bar_is_as_long_as_its_count_and_links_to_exactly_its_records() {
        HttpResponse<String> response = Http.get(fixture.server.port(), "/overview", HTML);
        assertEquals(200, response.statusCode());
        String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.startsWith("default-src 'none'; script-src 'nonce-"), csp);
        Document page = Jsoup.parse(response.body());
        List<Element> charts = page.select("svg.chart");
        assertEquals(3, charts.size());
        for (Element chart : charts) {
            List<Element> bars = chart.select("rect.bar");
            assertFalse(bars.isEmpty());
            long max = bars.stream()
                    .mapToLong(b -> Long.parseLong(b.attr("data-count")))
                    .max()
                    .orElseThrow();
            for (Element bar : bars) {
                long count = Long.parseLong(bar.attr("data-count"));
                double width = Double.parseDouble(bar.attr("width"));
                assertEquals(count * (double) OverviewView.BAR_SPACE / max, width, 0.01, chart.attr("data-group"));
                String href = bar.parent().attr("href");
                assertTrue(href.startsWith("/display?filter="), href);
                long total =
                        fixture.json(href + "&per_page=1").getNumber("total").longValue();
                assertEquals(
                        count,
                        total,
                        chart.attr("data-group") + " " + URI.create(href).getQuery());
            }
            // The numbers as text too.
            Element figures = page.selectFirst("table.figures[data-group=" + chart.attr("data-group") + "]");
            assertEquals(bars.size(), figures.select("tbody tr").size());
        }
        assertEquals(50, page.select("table.alerts tbody tr").size());
        String firstAlert = page.selectFirst("table.alerts tbody tr a").attr("href");
        assertEquals(1, fixture.json(firstAlert).getNumber("total").longValue());
        assertFalse(page.select("table.schema tbody tr").isEmpty());
        assertEquals("2,500", page.getElementById("total").text());
    }

    @Test
    void the_display_and_live_pages_link_to_it() {
        for (String path : List.of("/display", "/live")) {
            Document page =
                    Jsoup.parse(Http.get(fixture.server.port(), path, HTML).body());
            assertFalse(page.select("a[href=/overview]").isEmpty(), path);
        }
    }

    @Test
    void a_filter_narrows_every_figure_and_stays_in_the_links() {
        String filter = "{\"warehouse.code\":\"W1\"}";
        BsonDocument overview = fixture.json("/overview?format=json&filter=" + InsightFixture.encode(filter));
        assertEquals(fixture.export(filter).size(), overview.getNumber("total").intValue());
        BsonDocument bar = overview.getArray("charts")
                .get(0)
                .asDocument()
                .getArray("rows")
                .get(0)
                .asDocument();
        assertTrue(
                bar.getString("filter").getValue().startsWith("{\"$and\": [{\"warehouse.code\": \"W1\"}"),
                bar.toJson());
        assertEquals(
                400,
                fixture.get("/overview?filter=" + InsightFixture.encode("{")).statusCode());
    }
}
