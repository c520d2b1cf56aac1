package org.inventory.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every answer of every route, over real HTTP, carries {@code nosniff}, {@code no-referrer} and a Content-Security-Policy
 * that forbids framing; the HTML pages carry their own strict one; without TLS there is no HSTS.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecureHeadersTest {
    private static final String COLLECTION = "secure_headers_test";
    private static final String NOTHING =
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static InventoryServer server;

    @BeforeAll
    static void start() {
        TestStore.emptyCollection(COLLECTION);
        server = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /display                 | application/json | 200 | application/json
            /export?format=csv       | text/csv         | 200 | text/csv
            /export?format=ndjson    | */*              | 200 | application/x-ndjson
            /openapi                 | */*              | 200 | application/yaml
            /health                  | application/json | 200 | application/json
            /metrics                 | text/plain       | 200 | text/plain
            /no-such-route           | application/json | 404 | text/plain
            /display?per_page=abc    | application/json | 400 | application/json
            /display?filter=%7B      | text/html        | 400 | application/json
            """)
    void every_answer_that_is_no_page_forbids_sniffing_referrers_framing_and_everything_active(
            String path, String accept, int status, String type) throws Exception {
        var response = get(path, accept);
        assertEquals(status, response.statusCode(), path);
        assertTrue(
                response.headers().firstValue("Content-Type").orElse("").startsWith(type),
                response.headers().toString());
        assertHardened(response.headers(), NOTHING);
    }

    @Test
    void the_display_page_has_a_csp_without_any_script_and_not_framable() throws Exception {
        var response = get("/display", "text/html");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertHardened(
                response.headers(),
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
                        + " base-uri 'none'; frame-ancestors 'none'");
    }

    /** The live page's policy keeps the nonce of its one inline script, and that nonce is the script's. */
    @Test
    void the_live_page_keeps_its_script_nonce_and_is_not_framable() throws Exception {
        var response = get("/live", "text/html");
        assertEquals(200, response.statusCode());
        String csp = response.headers().allValues("Content-Security-Policy").getFirst();
        var nonce = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/=]+)'").matcher(csp);
        assertTrue(nonce.find(), csp);
        assertTrue(response.body().contains("<script nonce=\"" + nonce.group(1) + "\">"), response.body());
        assertHardened(
                response.headers(),
                "default-src 'none'; script-src 'nonce-" + nonce.group(1) + "';"
                        + " style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    }

    /** The overview's one script by its nonce, like the live page's, and no framing either. */
    @Test
    void the_overview_page_keeps_its_script_nonce_and_is_not_framable() throws Exception {
        var response = get("/overview", "text/html");
        assertEquals(200, response.statusCode());
        String csp = response.headers().allValues("Content-Security-Policy").getFirst();
        var nonce = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/=]+)'").matcher(csp);
        assertTrue(nonce.find(), csp);
        assertTrue(response.body().contains("<script nonce=\"" + nonce.group(1) + "\">"), response.body());
        assertHardened(
                response.headers(),
                "default-src 'none'; script-src 'nonce-" + nonce.group(1) + "';"
                        + " style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    }

    @Test
    void the_live_event_stream_is_hardened_too() throws Exception {
        var request = HttpRequest.newBuilder(uri("/live"))
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            assertEquals(200, response.statusCode());
            assertTrue(
                    response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
            assertHardened(response.headers(), NOTHING);
        } finally {
            response.body().close();
        }
    }

    @Test
    void the_root_redirect_is_hardened_too() throws Exception {
        var response = get("/", "text/html");
        assertEquals(303, response.statusCode());
        assertHardened(response.headers(), NOTHING);
    }

    static void assertHardened(HttpHeaders headers, String csp) {
        assertEquals(List.of("nosniff"), headers.allValues("X-Content-Type-Options"), headers.toString());
        assertEquals(List.of("no-referrer"), headers.allValues("Referrer-Policy"), headers.toString());
        assertEquals(List.of(csp), headers.allValues("Content-Security-Policy"), headers.toString());
        assertEquals(List.of(), headers.allValues("Strict-Transport-Security"), "no HSTS without TLS");
    }

    private static HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri(path))
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(30))
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
