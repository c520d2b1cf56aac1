package org.inventory.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.Http;
import org.inventory.testkit.PrometheusText;
import org.inventory.testkit.StoreProcess;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /health} follows the store; {@code /metrics} counts what ingest and browse did. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ObservabilityTest {
    private static final String COLLECTION = "observability_test";

    @Test
    void health_is_200_while_the_store_answers_and_503_once_it_is_stopped() throws Exception {
        var store = StoreProcess.inMemory();
        var settings = Settings.from(
                TestEnv.server(COLLECTION, Map.of("MONGODB_URL", store.url(), "INVENTORY_STORE_TIMEOUT_MS", "1000")));
        try (var server = InventoryServer.start(settings)) {
            var up = Http.get(server.port(), "/health");
            assertEquals(200, up.statusCode());
            assertEquals(
                    "{\"status\":\"UP\",\"checks\":[{\"name\":\"store\",\"status\":\"UP\",\"data\":{\"store\":\""
                            + store.url() + "\"}}]}",
                    up.body());
            store.close();
            var down = Http.get(server.port(), "/health");
            assertEquals(503, down.statusCode());
            assertTrue(
                    down.body().startsWith("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"store\",\"status\":\"DOWN\""),
                    down.body());
        } finally {
            store.close();
        }
    }

    @Test
    void metrics_count_messages_records_duplicates_rejections_sessions_and_display_requests() {
        TestStore.emptyCollection(COLLECTION);
        try (var server = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION)))) {
            var before = PrometheusText.scrape(server.port());
            try (var client = WsClient.connect(server.port())) {
                String id = "5f1d7f1e2b3c4d5e6f708191";
                client.send("[{\"_id\":\"" + id + "\"},{\"n\":1},{\"n\":2}]").reply();
                client.send("{\"_id\":\"" + id + "\"}").reply();
                client.send("{\"bad\":").reply();
                assertEquals(
                        1.0,
                        PrometheusText.scrape(server.port())
                                .sample("inventory_websocket_sessions{scope=\"application\",}"));
            }
            Http.get(server.port(), "/display");
            var after = PrometheusText.scrape(server.port());
            assertEquals(
                    2.0,
                    PrometheusText.delta(before, after, "inventory_messages_accepted_total{scope=\"application\",}"));
            assertEquals(
                    3.0,
                    PrometheusText.delta(before, after, "inventory_records_inserted_total{scope=\"application\",}"));
            assertEquals(
                    1.0,
                    PrometheusText.delta(before, after, "inventory_records_duplicate_total{scope=\"application\",}"));
            assertEquals(
                    1.0,
                    PrometheusText.delta(
                            before,
                            after,
                            "inventory_messages_rejected_total{code=\"invalid_json\",scope=\"application\",}"));
            assertEquals(
                    2.0,
                    PrometheusText.delta(before, after, "inventory_store_write_seconds_count{scope=\"application\",}"));
            assertEquals(
                    1.0,
                    PrometheusText.delta(
                            before, after, "inventory_display_request_seconds_count{scope=\"application\",}"));
        }
    }
}
