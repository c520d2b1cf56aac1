package org.inventory.server.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.inventory.server.DisplayFixture;
import org.inventory.testkit.ChromiumSession;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code /overview} in headless Chromium over 10,000 generated records: a screenshot (kept in
 * {@code target/overview.png}), the drawn bars' lengths following the JSON figures, and a click on a bar opening
 * {@code /display} with the filter of exactly its records; a record acknowledged while the page is open counted
 * by its one script. Every figure is in the HTML as served, so the page shows them without JavaScript.
 */
@Tag("browser")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BrowserOverviewTest {
    @RegisterExtension
    static final ChromiumSession CHROMIUM = new ChromiumSession();

    private static DisplayFixture fixture;
    private static WebDriver browser;

    @BeforeAll
    static void start() {
        if (!CHROMIUM.available()) {
            return;
        }
        browser = CHROMIUM.driver();
        fixture = DisplayFixture.start("overview_browser");
        fixture.emptyCollection();
        var random = new Random(10_000);
        var records = new ArrayList<Document>();
        List<String> categories = List.of("tools", "garden", "kitchen", "toys", "paint");
        List<String> statuses = List.of("in_stock", "in_stock", "low_stock", "out_of_stock");
        for (int i = 0; i < 10_000; i++) {
            var record = new Document("sku", "SKU-%05d".formatted(i))
                    .append(
                            "category",
                            random.nextInt(30) == 0 ? null : categories.get(random.nextInt(categories.size())))
                    .append("warehouse", new Document("code", "W" + random.nextInt(6)))
                    .append("status", statuses.get(random.nextInt(statuses.size())))
                    .append("quantity", random.nextInt(500))
                    .append("description", "A long description of item " + i + ", ".repeat(20))
                    .append("supplier", new Document("name", "Supplier " + i % 7).append("country", "FR"));
            records.add(record);
        }
        fixture.store(records);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void the_drawn_bars_follow_the_figures_and_a_click_opens_exactly_their_records() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1600));
        browser.get(fixture.base() + "/overview");
        Path shot = Path.of("target", "overview.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertTrue(Files.size(shot) > 10_000, "a screenshot of the page");

        BsonDocument figures =
                BsonDocument.parse(fixture.get("/overview?format=json").body());
        List<BsonValue> charts = figures.getArray("charts").getValues();
        List<WebElement> drawn = browser.findElements(By.cssSelector("svg.chart"));
        assertEquals(charts.size(), drawn.size());
        for (int c = 0; c < charts.size(); c++) {
            List<BsonValue> rows = charts.get(c).asDocument().getArray("rows").getValues();
            List<WebElement> bars = drawn.get(c).findElements(By.cssSelector("rect.bar"));
            assertEquals(rows.size(), bars.size());
            long max = rows.stream()
                    .mapToLong(r -> r.asDocument().getNumber("count").longValue())
                    .max()
                    .orElseThrow();
            double longest =
                    bars.stream().mapToDouble(b -> b.getRect().getWidth()).max().orElseThrow();
            for (int i = 0; i < rows.size(); i++) {
                long count = rows.get(i).asDocument().getNumber("count").longValue();
                // Drawn in whole pixels: within two of the exact length.
                assertEquals(count * longest / max, bars.get(i).getRect().getWidth(), 2.0, "chart " + c + " bar " + i);
            }
        }

        WebElement firstBar = drawn.getFirst().findElement(By.cssSelector("a"));
        long count = charts.getFirst()
                .asDocument()
                .getArray("rows")
                .get(0)
                .asDocument()
                .getNumber("count")
                .longValue();
        WebElement body = browser.findElement(By.tagName("body"));
        firstBar.click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(body));
        String url = browser.getCurrentUrl();
        assertTrue(url.contains("/display?filter="), url);
        String path = url.substring(url.indexOf("/display"));
        assertEquals(
                count,
                BsonDocument.parse(fixture.get(path).body()).getNumber("total").longValue());
    }

    @Test
    void on_a_phone_the_page_does_not_scroll_sideways_and_the_alert_table_shows_the_fields_that_matter()
            throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            browser.get(fixture.base() + "/overview");
            Path shot = Path.of("target", "overview-phone.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            var script = (org.openqa.selenium.JavascriptExecutor) browser;
            long viewport = ((Number) script.executeScript("return document.documentElement.clientWidth")).longValue();
            long page = ((Number) script.executeScript("return document.documentElement.scrollWidth")).longValue();
            assertTrue(page <= viewport, "the page is " + page + " px wide in a viewport of " + viewport);
            List<String> columns = browser.findElements(By.cssSelector("table.alerts th")).stream()
                    .map(WebElement::getText)
                    .toList();
            assertEquals(List.of("_id", "status", "quantity", "category", "warehouse.code", "sku"), columns);
            WebElement table = browser.findElement(By.cssSelector("table.alerts"));
            WebElement scroller = table.findElement(By.xpath(".."));
            assertTrue(
                    scroller.getRect().getWidth() <= viewport,
                    "the alert table's box is " + scroller.getRect().getWidth() + " px wide");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 1600));
        }
    }

    @Test
    void a_record_acknowledged_while_the_page_is_open_is_counted_in_the_arrivals() {
        browser.get(fixture.base() + "/overview");
        WebElement total = browser.findElement(By.id("arrivals-total"));
        long before = Long.parseLong(total.getText());
        sendUntil(() ->
                Long.parseLong(browser.findElement(By.id("arrivals-total")).getText()) > before);
    }

    @Test
    void a_page_open_past_the_last_minute_of_its_figures_moves_its_chart_on_and_keeps_counting() {
        browser.get(fixture.base() + "/overview");
        var script = (JavascriptExecutor) browser;
        // As if the page had been made three minutes ago: every column's minute three minutes earlier.
        long columns = ((Number) script.executeScript("var cs = document.querySelectorAll('svg.arrivals rect.col');"
                        + "cs.forEach(function (c) {"
                        + "  var t = Date.parse(c.getAttribute('data-start')) - 180000;"
                        + "  c.setAttribute('data-start', new Date(t).toISOString().replace('.000Z', 'Z')); });"
                        + "return cs.length;"))
                .longValue();
        String lastBefore = lastColumnStart(script);
        sendUntil(() -> !lastColumnStart(script).equals(lastBefore));
        assertTrue(lastColumnStart(script).compareTo(lastBefore) > 0, "the chart moved on past " + lastBefore);
        assertEquals(
                columns,
                ((Number) script.executeScript("return document.querySelectorAll('svg.arrivals rect.col').length;"))
                        .longValue(),
                "still the last hour's columns");
        long shown = Long.parseLong(browser.findElement(By.id("arrivals-total")).getText());
        long counted = ((Number) script.executeScript("var n = 0;"
                        + "document.querySelectorAll('svg.arrivals rect.col').forEach(function (c) {"
                        + "  n += Number(c.getAttribute('data-count')); });"
                        + "return n;"))
                .longValue();
        assertEquals(counted, shown, "the total is the sum of the columns shown");
        assertTrue(
                ((Number) script.executeScript("var cs = document.querySelectorAll('svg.arrivals rect.col');"
                                        + "return Number(cs[cs.length - 1].getAttribute('data-count'));"))
                                .longValue()
                        >= 1,
                "the record is counted in the newest minute");
        assertEquals(
                true,
                script.executeScript("var cs = document.querySelectorAll('svg.arrivals rect.col');"
                        + "for (var i = 0; i < cs.length; i++) {"
                        + "  if (cs[i].getAttribute('x') !== String(i * 10)) { return false; } }"
                        + "return true;"),
                "the columns laid out side by side again");
    }

    /**
     * Sends a record, then another, until the page shows what {@code shown} looks for: the first may go before the
     * page's feed subscribed.
     */
    private static void sendUntil(BooleanSupplier shown) {
        int port = Integer.parseInt(fixture.base().substring(fixture.base().lastIndexOf(':') + 1));
        try (var ingest = WsClient.connect(port)) {
            new WebDriverWait(browser, Duration.ofSeconds(20))
                    .pollingEvery(Duration.ofMillis(500))
                    .until(driver -> {
                        ingest.send("{\"sku\":\"LIVE-1\",\"status\":\"in_stock\"}")
                                .reply();
                        return shown.getAsBoolean();
                    });
        }
    }

    private static String lastColumnStart(JavascriptExecutor script) {
        return (String) script.executeScript("var cs = document.querySelectorAll('svg.arrivals rect.col');"
                + "return cs[cs.length - 1].getAttribute('data-start');");
    }
}
