package org.inventory.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.inventory.testkit.Http;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StartupTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void a_bad_value_stops_start_up_with_exit_code_2_and_one_line_naming_it() throws Exception {
        try (var server = ServerProcess.start(Map.of("API_PORT", "abc"))) {
            assertEquals(2, server.awaitExit(WAIT));
            assertEquals(
                    "inventory-server: API_PORT has an invalid value 'abc'; expected an integer 0-65535\n",
                    server.output());
        }
    }

    @Test
    void the_start_up_line_names_version_address_store_collection_and_page_size_and_sigterm_is_logged()
            throws Exception {
        // The test store has no password; put one in a query option the driver ignores to prove it is masked.
        String url = TestStore.url();
        try (var server =
                ServerProcess.start(TestEnv.server("startup_test", Map.of("INVENTORY_ITEMS_PER_PAGE", "20")))) {
            server.awaitHealthy(WAIT);
            String output = server.output();
            assertTrue(
                    output.contains("inventory-server ")
                            && output.contains(" listening on http://127.0.0.1:" + server.port())
                            && output.contains("store " + url)
                            && output.contains("collection startup_test, page size 20"),
                    output);
            assertEquals(0, server.stop());
            String stopping = server.output().substring(output.length());
            assertTrue(
                    stopping.contains("INFO org.inventory.server.Main: shutting down: answering in-flight messages")
                            && stopping.strip().endsWith("INFO org.inventory.server.Main: stopped"),
                    stopping);
        }
    }

    @ParameterizedTest(name = "LOG_LEVEL={0}")
    @ValueSource(strings = {"INFO", "WARN"})
    void log_level_sets_the_access_log_and_warn_silences_it(String level) throws Exception {
        try (var server = ServerProcess.start(TestEnv.server("startup_test", Map.of("LOG_LEVEL", level)))) {
            server.awaitHealthy(WAIT);
            // A collection after the requests: the logger's level must outlive its first use.
            System.gc();
            assertEquals(200, Http.get(server.port(), "/display?per_page=7").statusCode());
            server.stop();
            boolean logged = server.output().contains("\"GET /display HTTP/1.1\" 200");
            assertEquals(level.equals("INFO"), logged, level + ":\n" + server.output());
        }
    }

    /**
     * A store that does not answer at start-up stops the start with one line naming it (password masked) and
     * why, exit code 1, within the store timeout: no server left running that can only answer 503.
     */
    @Test
    void an_unreachable_store_stops_start_up_with_one_masked_line_and_exit_code_1() throws Exception {
        try (var server = ServerProcess.start(TestEnv.server(
                "startup_test",
                Map.of(
                        "MONGODB_URL",
                        "mongodb://user:pw-secret-42@127.0.0.1:1/test",
                        "INVENTORY_STORE_TIMEOUT_MS",
                        "500")))) {
            assertEquals(1, server.awaitExit(WAIT));
            String output = server.output();
            assertTrue(
                    output.contains("cannot start: cannot reach the store at mongodb://user:****@127.0.0.1:1/test"
                            + " within 500 ms (Connection refused); check MONGODB_URL and that MongoDB is running"),
                    output);
            assertFalse(output.contains("pw-secret-42"), output);
            assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
        }
    }
}
