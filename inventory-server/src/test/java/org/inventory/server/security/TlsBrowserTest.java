package org.inventory.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.server.live.LivePageRows;
import org.inventory.testkit.ChromiumSession;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.TlsFixture;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The HTML pages over TLS in headless Chromium, as a user with a named credential sees them: the server has
 * certificates of a test authority made by {@code openssl}, which the browser trusts as a user's own authority (no
 * certificate error is ignored), and the credentials file grants the browser's token {@code read} and a device's
 * token {@code ingest}. The browser presents its token as the password of HTTP Basic (in the address, as a browser
 * that asked once and remembers sends it). Each page ({@code /display} with a filter, {@code /live} receiving a
 * record that a device sends over {@code wss://} after the page opened, {@code /overview} counting one) must load
 * with every request over {@code https} and every response judged secure by the browser, {@code
 * Strict-Transport-Security} on the page, and not one console message: no error, no refused script or style (CSP),
 * no mixed content.
 */
@Tag("browser")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsBrowserTest {
    private static final String COLLECTION = "tls_browser";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String READER = "reader-token-4f1c9a0e7b2d";
    private static final String DEVICE = "device-token-8e3b5c1d6a0f";

    @RegisterExtension
    @Order(1)
    static final TlsFixture TLS = new TlsFixture();

    @RegisterExtension
    @Order(2)
    static final ChromiumSession CHROMIUM =
            new ChromiumSession().trusting(() -> TLS.ca().certificate()).withLogs();

    private static InventoryServer server;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        if (!CHROMIUM.available()) {
            return;
        }
        browser = CHROMIUM.driver();
        TestStore.emptyCollection(COLLECTION);
        Path credentials = Files.writeString(
                TLS.dir().resolve("credentials.jsonl"),
                line("floor-screen", READER, "read") + "\n" + line("dock-7", DEVICE, "ingest") + "\n");
        var env = new HashMap<>(TLS.serverEnv(false));
        env.put("INVENTORY_CREDENTIALS_FILE", credentials.toString());
        server = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION, env)));
        for (int i = 0; i < 6; i++) {
            send("{\"sku\":\"S-" + i + "\",\"warehouse\":\"" + (i % 2 == 0 ? "A" : "B") + "\",\"quantity\":" + i + "}");
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void forgetEarlierMessages() {
        CHROMIUM.chromium().consoleLog();
        CHROMIUM.chromium().networkLog();
    }

    @Test
    void display_with_a_filter_is_served_over_https_cleanly() {
        browser.get(page("/display?filter=" + encode("{\"warehouse\":\"A\"}")));
        List<String> skus = browser.findElements(By.cssSelector("tbody tr")).stream()
                .map(WebElement::getText)
                .filter(row -> row.matches("(?s).*\\bS-\\d\\b.*"))
                .map(row -> row.replaceAll("(?s).*\\b(S-\\d)\\b.*", "$1"))
                .sorted()
                .toList();
        assertEquals(List.of("S-0", "S-2", "S-4"), skus);
        assertCleanHttpsPage("/display");
    }

    @Test
    void live_shows_a_record_sent_over_wss_after_the_page_opened() {
        browser.get(page("/live?filter=" + encode("{\"warehouse\":\"A\"}")));
        waitFor(() -> browser.findElement(By.id("status")).getText().equals("live"));
        String skipped = send("{\"sku\":\"L-B\",\"warehouse\":\"B\"}");
        String shown = send("{\"sku\":\"L-A\",\"warehouse\":\"A\"}");
        waitFor(() -> LivePageRows.topId(browser).equals(shown));
        assertFalse(LivePageRows.ids(browser).contains(skipped), "a record outside the filter is not shown");
        assertEquals("{\"sku\":\"L-A\",\"warehouse\":\"A\"}", LivePageRows.topRecord(browser));
        assertCleanHttpsPage("/live", "EventSource");
    }

    @Test
    void overview_is_served_over_https_and_counts_a_record_sent_over_wss() {
        browser.get(page("/overview"));
        WebElement total = browser.findElement(By.id("arrivals-total"));
        long before = Long.parseLong(total.getText());
        // Sent until the page's feed is connected: the first may go before it subscribed.
        new WebDriverWait(browser, WAIT).pollingEvery(Duration.ofMillis(500)).until(driver -> {
            send("{\"sku\":\"O-1\",\"warehouse\":\"A\"}");
            return Long.parseLong(total.getText()) > before;
        });
        assertCleanHttpsPage("/overview", "EventSource");
    }

    @Test
    void the_console_watch_sees_a_refused_script() {
        browser.get(page("/display"));
        ((JavascriptExecutor) browser)
                .executeScript("var s = document.createElement('script');"
                        + " s.textContent = 'window.ran = true'; document.body.appendChild(s);");
        List<String> console = CHROMIUM.chromium().consoleLog();
        assertTrue(
                console.stream().anyMatch(message -> message.contains("Content Security Policy")),
                "the browser reports the inline script it refused: " + console);
        assertEquals(null, ((JavascriptExecutor) browser).executeScript("return window.ran;"));
    }

    /**
     * Whether a request was made for one of our pages: its document is on this host (over https or, were that
     * broken, anything else). Chromium's own pages ({@code chrome://…}, {@code about:blank}) load resources of
     * their own now and then ({@code chrome://} scripts, {@code data:} images), which show in its network log
     * too: not ours, and left out. Every request of our pages is checked, whatever its scheme.
     */
    private static boolean ofOurPages(BsonDocument request) {
        String document = request.getString("documentURL", new BsonString("")).getValue();
        try {
            return "localhost".equals(URI.create(document).getHost());
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    /**
     * Since the last look: no console message at all, every request to {@code https://localhost} (no mixed
     * content), every response secure in the browser's eyes (its certificate trusted, nothing insecure on the page),
     * the page's own response with HSTS, {@code nosniff} and a CSP that forbids framing, and the requests of the
     * given {@code types} among them (e.g. the page's {@code EventSource}).
     */
    private static void assertCleanHttpsPage(String path, String... types) {
        List<String> console = CHROMIUM.chromium().consoleLog();
        assertEquals(List.of(), console, "console messages of " + path);
        var requests = new ArrayList<String>();
        var responses = new ArrayList<String>();
        BsonDocument document = null;
        var ours = new HashSet<String>();
        for (String event : CHROMIUM.chromium().networkLog()) {
            BsonDocument message = BsonDocument.parse(event).getDocument("message");
            String method = message.getString("method").getValue();
            BsonDocument params = message.getDocument("params");
            String requestId = params.getString("requestId", new BsonString("")).getValue();
            if (method.equals("Network.requestWillBeSent") && ofOurPages(params)) {
                ours.add(requestId);
            }
            if (!ours.contains(requestId)) {
                continue;
            }
            if (method.equals("Network.requestWillBeSent")) {
                String url = params.getDocument("request").getString("url").getValue();
                requests.add(params.getString("type", new BsonString("?")).getValue() + " " + withoutCredentials(url));
                URI uri = URI.create(url);
                assertEquals("https", uri.getScheme(), "over https: " + url);
                assertEquals("localhost", uri.getHost(), url);
                assertEquals(server.port(), uri.getPort(), url);
            } else if (method.equals("Network.responseReceived")) {
                BsonDocument response = params.getDocument("response");
                String url = response.getString("url").getValue();
                String state = response.getString("securityState").getValue();
                responses.add(state + " " + withoutCredentials(url));
                assertEquals("secure", state, url);
                if (params.getString("type").getValue().equals("Document")) {
                    document = response;
                }
            }
        }
        assertTrue(document != null, "the page's own response is in the network log: " + requests);
        assertTrue(
                document.getString("url").getValue().contains(path),
                document.getString("url").getValue());
        for (String type : types) {
            assertTrue(requests.stream().anyMatch(request -> request.startsWith(type + " ")), type + ": " + requests);
        }
        Map<String, String> headers = headers(document.getDocument("headers"));
        assertEquals("max-age=31536000", headers.get("strict-transport-security"), headers.toString());
        assertTrue(
                headers.getOrDefault("content-security-policy", "").contains("frame-ancestors 'none'"),
                headers.toString());
        assertEquals("nosniff", headers.get("x-content-type-options"), headers.toString());
        System.out.println("TlsBrowserTest " + path + ": requests " + requests + "; responses " + responses);
    }

    /** The URL as printed: the page's user name and token (in the URL for Basic) left out. */
    private static String withoutCredentials(String url) {
        return url.replaceFirst("//[^/@]*@", "//");
    }

    private static Map<String, String> headers(BsonDocument headers) {
        var lower = new HashMap<String, String>();
        for (Map.Entry<String, BsonValue> header : headers.entrySet()) {
            lower.put(
                    header.getKey().toLowerCase(Locale.ROOT),
                    header.getValue().asString().getValue());
        }
        return lower;
    }

    /** The address of a page with the browser's token as the password of Basic, as a browser that asked sends it. */
    private static String page(String pathAndQuery) {
        return "https://floor-screen:" + READER + "@localhost:" + server.port() + pathAndQuery;
    }

    /** Sends a record over {@code wss://} as the device; returns its {@code _id}. */
    private static String send(String record) {
        String id = new ObjectId().toHexString();
        try (var device =
                WsClient.connectTls(server.port(), TLS.trusting(), Map.of("Authorization", "Bearer " + DEVICE))) {
            String reply = device.send("{\"_id\":\"" + id + "\"," + record.substring(1))
                    .reply();
            assertTrue(reply.startsWith("{\"ok\":true"), reply);
        }
        return id;
    }

    private static void waitFor(BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT, Duration.ofMillis(20)).until(driver -> condition.getAsBoolean());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String line(String name, String token, String scope) {
        try {
            String sha256 = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
            return "{\"name\":\"" + name + "\",\"sha256\":\"" + sha256 + "\",\"scopes\":[\"" + scope + "\"]}";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
