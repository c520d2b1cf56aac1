package org.inventory.server.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.inventory.server.DisplayFixture;
import org.inventory.testkit.ChromiumSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code /display} in a real browser: headless Chromium driven by Selenium, with Debian's {@code chromium} and
 * {@code chromedriver}. One browser for the class. Without them the test fails under CI (where they must be
 * installed) and is skipped, saying why, elsewhere.
 */
@Tag("browser")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrowserDisplayTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static DisplayFixture fixture;
    private static List<ObjectId> ids;

    @RegisterExtension
    static final ChromiumSession CHROMIUM = new ChromiumSession();

    private static WebDriver browser;

    @BeforeAll
    static void start() {
        if (!CHROMIUM.available()) {
            return;
        }
        browser = CHROMIUM.driver();
        fixture = DisplayFixture.start("display_browser");
        fixture.emptyCollection();
        var records = new ArrayList<Document>();
        // First, so that it is on page 1.
        records.add(new Document("sku", "EVIL-1")
                .append("name", DisplayEscapingTest.SCRIPT)
                .append(DisplayEscapingTest.IMAGE, DisplayEscapingTest.QUOTE));
        records.addAll(DisplayFixture.inventory(24));
        ids = fixture.store(records);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void the_table_shows_the_first_records_and_next_shows_the_following_ones() {
        browser.get(fixture.base() + "/display?per_page=10");
        assertEquals(hex(ids.subList(0, 10)), shownIds());

        WebElement table = browser.findElement(By.tagName("table"));
        browser.findElement(By.cssSelector("a[rel=next]")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.stalenessOf(table));

        assertEquals(hex(ids.subList(10, 20)), shownIds());
        assertEquals(
                "2",
                browser.findElement(By.cssSelector("nav [aria-current=page]")).getText());
    }

    @Test
    void a_stored_script_is_shown_as_text_and_does_not_run() {
        browser.get(fixture.base() + "/display?per_page=10");

        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
        assertEquals(List.of(), browser.findElements(By.cssSelector("script, img")));
        List<String> headers = browser.findElements(By.cssSelector("thead th")).stream()
                .map(WebElement::getText)
                .toList();
        List<String> firstRow = browser.findElements(By.cssSelector("tbody tr:first-child td")).stream()
                .map(WebElement::getText)
                .toList();
        assertEquals(DisplayEscapingTest.SCRIPT, firstRow.get(headers.indexOf("name")));
        assertEquals(DisplayEscapingTest.QUOTE, firstRow.get(headers.indexOf(DisplayEscapingTest.IMAGE)));
    }

    @Test
    void choosing_a_page_size_in_the_form_shows_that_many_records() {
        browser.get(fixture.base() + "/display?per_page=10");

        WebElement table = browser.findElement(By.tagName("table"));
        new Select(browser.findElement(By.id("per_page"))).selectByVisibleText("50");
        browser.findElement(By.cssSelector("#per-page-form button[type=submit]"))
                .click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.stalenessOf(table));

        assertEquals(hex(ids), shownIds());
    }

    private static List<String> shownIds() {
        return browser.findElements(By.cssSelector("tbody tr td:first-child")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static List<String> hex(List<ObjectId> list) {
        return list.stream().map(ObjectId::toHexString).toList();
    }
}
