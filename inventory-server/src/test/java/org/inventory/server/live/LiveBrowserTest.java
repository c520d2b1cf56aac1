package org.inventory.server.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.types.ObjectId;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.ChromiumSession;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page in headless Chromium (Debian's {@code chromium} and {@code chromedriver}, as {@link org.inventory.server.browse.BrowserDisplayTest}
 * uses them): records sent over WebSocket appear at the top within a second of their ack, a stored script shows as
 * text and does not run, and pause holds new rows back until resume.
 */
@Tag("browser")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveBrowserTest {
    private static final String COLLECTION = "live_browser";

    private static InventoryServer server;
    private static WsClient ingest;

    @RegisterExtension
    static final ChromiumSession CHROMIUM = new ChromiumSession();

    private static WebDriver browser;

    @BeforeAll
    static void start() {
        if (!CHROMIUM.available()) {
            return;
        }
        browser = CHROMIUM.driver();
        TestStore.emptyCollection(COLLECTION);
        server = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION)));
        ingest = WsClient.connect(server.port());
    }

    @BeforeEach
    void openTheLivePage() {
        browser.get("http://127.0.0.1:" + server.port() + "/live");
        // Connected: from now on every acknowledged record reaches the page.
        waitFor(Duration.ofSeconds(10), () -> status().equals("live"));
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_record_shows_at_the_top_within_a_second_of_its_ack() {
        String first = send("{\"sku\":\"A-1\",\"qty\":1}");
        waitFor(Duration.ofSeconds(1), () -> LivePageRows.topId(browser).equals(first));
        String second = send("{\"sku\":\"A-2\",\"qty\":2}");
        waitFor(Duration.ofSeconds(1), () -> LivePageRows.topId(browser).equals(second));
        assertEquals(List.of(second, first), LivePageRows.ids(browser).subList(0, 2));
        assertEquals("{\"sku\":\"A-2\",\"qty\":2}", LivePageRows.topRecord(browser));
    }

    @Test
    void a_stored_script_shows_as_text_and_does_not_run() {
        String script = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        String id = send("{\"name\":\"" + script.replace("'", "\\u0027") + "\"}");
        waitFor(Duration.ofSeconds(1), () -> LivePageRows.topId(browser).equals(id));
        assertEquals("{\"name\":\"" + script + "\"}", LivePageRows.topRecord(browser));
        assertEquals(List.of(), browser.findElements(By.cssSelector("#rows script, #rows img")));
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
    }

    @Test
    void pause_holds_new_rows_back_until_resume() {
        WebElement pause = browser.findElement(By.id("pause"));
        pause.click();
        int rows = LivePageRows.ids(browser).size();
        String held = send("{\"sku\":\"P-1\"}");
        // The record has reached the page, which counts it without showing it.
        waitFor(Duration.ofSeconds(5), () -> pause.getText().equals("Resume (1 new)"));
        assertEquals(rows, LivePageRows.ids(browser).size());
        pause.click();
        assertEquals(held, LivePageRows.topId(browser));
        assertEquals("Pause", pause.getText());
    }

    private static String send(String record) {
        String id = new ObjectId().toHexString();
        String reply =
                ingest.send("{\"_id\":\"" + id + "\"," + record.substring(1)).reply();
        assertEquals("{\"ok\":true", reply.substring(0, 10), reply);
        return id;
    }

    private static String status() {
        return browser.findElement(By.id("status")).getText();
    }

    private static void waitFor(Duration within, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, within, Duration.ofMillis(20)).until(driver -> condition.getAsBoolean());
    }
}
