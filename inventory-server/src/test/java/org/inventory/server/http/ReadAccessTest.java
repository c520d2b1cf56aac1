package org.inventory.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code INVENTORY_READ_TOKEN}: the read paths ask for it, by bearer or Basic; the others stay open (README). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadAccessTest {
    private static final String TOKEN = "read-s3cret";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static InventoryServer server;

    @BeforeAll
    static void start() {
        server = InventoryServer.start(
                Settings.from(TestEnv.server("read_access", Map.of("INVENTORY_READ_TOKEN", TOKEN))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_read_paths_ask_for_the_token() throws Exception {
        for (String path : List.of(
                "/display",
                "/display?format=html",
                "/export",
                "/export?format=csv",
                "/openapi",
                "/live",
                "/summary?group=status",
                "/schema",
                "/overview",
                "/overview?format=json")) {
            for (Optional<String> authorization : List.of(
                    Optional.<String>empty(),
                    Optional.of("Bearer wrong"),
                    Optional.of("Bearer " + TOKEN + "x"),
                    Optional.of("Basic " + basic("user:wrong")),
                    Optional.of("Basic !!!"),
                    Optional.of(TOKEN),
                    Optional.of("Token " + TOKEN))) {
                HttpResponse<String> response = get(path, authorization);
                assertEquals(401, response.statusCode(), path + " " + authorization);
                assertTrue(response.headers()
                        .allValues("WWW-Authenticate")
                        .toString()
                        .contains("Basic realm=\"inventory\""));
                assertTrue(response.body().contains("\"code\":\"unauthorized\""), response.body());
                assertTrue(!response.body().contains(TOKEN));
            }
        }
    }

    @Test
    void a_bearer_token_or_basic_credentials_with_it_as_the_password_let_a_reader_in() throws Exception {
        assertEquals(200, get("/display", Optional.of("Bearer " + TOKEN)).statusCode());
        assertEquals(200, get("/display", Optional.of("bearer " + TOKEN)).statusCode());
        assertEquals(
                200,
                get("/export", Optional.of("Basic " + basic("anyone:" + TOKEN))).statusCode());
        assertEquals(
                200,
                get("/display?format=html", Optional.of("Basic " + basic(":" + TOKEN)))
                        .statusCode());
        assertEquals(200, get("/openapi", Optional.of("Bearer " + TOKEN)).statusCode());
    }

    @Test
    void health_metrics_and_ingest_stay_open() throws Exception {
        assertEquals(200, get("/health", Optional.empty()).statusCode());
        assertEquals(200, get("/metrics", Optional.empty()).statusCode());
        try (var ws = WsClient.connect(server.port())) {
            assertTrue(ws.send("{\"sku\":\"open\"}").reply().contains("\"ok\":true"));
        }
    }

    private static String basic(String pair) {
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String path, Optional<String> authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        authorization.ifPresent(value -> request.header("Authorization", value));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
