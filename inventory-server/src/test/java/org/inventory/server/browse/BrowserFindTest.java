package org.inventory.server.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.Document;
import org.inventory.server.DisplayFixture;
import org.inventory.testkit.Await;
import org.inventory.testkit.ChromiumSession;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Finding records as a person does, in headless Chromium without a line of script: a filter row, a click on a
 * column head to sort, next to walk on, and the CSV export of the same query downloaded.
 */
@Tag("browser")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrowserFindTest {
    private static final String COLLECTION = "find_browser";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static DisplayFixture fixture;

    @RegisterExtension
    static final ChromiumSession CHROMIUM = new ChromiumSession();

    private static WebDriver browser;

    @BeforeAll
    static void start() {
        if (!CHROMIUM.available()) {
            return;
        }
        browser = CHROMIUM.driver();
        fixture = DisplayFixture.start(COLLECTION);
        fixture.emptyCollection();
        fixture.store(DisplayFixture.inventory(60));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void filter_sort_walk_on_and_download_the_same_query() throws Exception {
        browser.get(fixture.base() + "/display?per_page=10");

        // A filter row: quantity >= 60.
        browser.findElements(By.name("where_field")).getFirst().sendKeys("quantity");
        new Select(browser.findElements(By.name("where_op")).getFirst()).selectByVisibleText("gte");
        browser.findElements(By.name("where_value")).getFirst().sendKeys("60");
        click(By.cssSelector("#filter-form button[type=submit]"));
        assertTrue(browser.getCurrentUrl().contains("filter="), browser.getCurrentUrl());
        assertEquals(
                "{\"quantity\": {\"$gte\": 60}}",
                browser.findElement(By.id("filter")).getAttribute("value"));
        List<Integer> matching = quantities(TestStore.database()
                .getCollection(COLLECTION)
                .find(Document.parse("{\"quantity\":{\"$gte\":60}}"))
                .into(new ArrayList<>()));

        // Sort by quantity: the first click ascending, the second descending.
        click(By.linkText("quantity"));
        assertEquals(matching.stream().sorted().limit(10).toList(), shownQuantities());
        click(By.linkText("quantity"));
        List<Integer> descending =
                matching.stream().sorted(Comparator.reverseOrder()).toList();
        assertEquals(descending.subList(0, 10), shownQuantities());

        // Next keeps the filter and the order.
        click(By.cssSelector("a[rel=next]"));
        assertEquals(descending.subList(10, 20), shownQuantities());

        // The CSV export of the same query: a header and every match, in that order.
        browser.findElement(By.linkText("CSV")).click();
        Path csv = awaitDownload(".csv");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertTrue(lines.getFirst().startsWith("_id,sku,name,quantity"), lines.getFirst());
        int column = List.of(lines.getFirst().split(",")).indexOf("quantity");
        assertEquals(
                descending,
                lines.subList(1, lines.size()).stream()
                        .map(line -> Integer.parseInt(line.split(",", -1)[column]))
                        .toList());
    }

    /** Clicks and waits for the page it leads to. */
    private static void click(By target) {
        WebElement table = browser.findElement(By.tagName("table"));
        browser.findElement(target).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.stalenessOf(table));
    }

    private static List<Integer> shownQuantities() {
        List<String> heads = browser.findElements(By.cssSelector("thead th")).stream()
                .map(WebElement::getText)
                .toList();
        int column = heads.indexOf("quantity");
        return browser.findElements(By.cssSelector("tbody tr")).stream()
                .map(row -> Integer.parseInt(
                        row.findElements(By.tagName("td")).get(column).getText()))
                .toList();
    }

    private static List<Integer> quantities(List<Document> records) {
        return records.stream().map(record -> record.getInteger("quantity")).toList();
    }

    /** The downloaded file, once Chromium has finished writing it. */
    private static Path awaitDownload(String extension) throws IOException {
        Await.until(
                "the download of the " + extension + " export",
                Duration.ofSeconds(20),
                () -> finished(extension).isPresent());
        return finished(extension).orElseThrow();
    }

    private static Optional<Path> finished(String extension) {
        try (Stream<Path> files = Files.list(CHROMIUM.chromium().downloads())) {
            return files.filter(path -> path.getFileName().toString().matches("inventory-\\d{8}-\\d{6}\\" + extension))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
