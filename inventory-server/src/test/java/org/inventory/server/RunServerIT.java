package org.inventory.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.inventory.testkit.Http;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code docker/run_server} from the repository on a bare host: it finds the packaged jar and a Java >= 21,
 * and the server runs on the embedded store. Runs after {@code package} (failsafe), on the real jar.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunServerIT {

    @Test
    void run_server_starts_the_packaged_server_on_the_embedded_store_and_stops_on_sigterm() throws Exception {
        Path script = Path.of("..", "docker", "run_server").toAbsolutePath().normalize();
        // No MONGODB_URL: the embedded store. The JVM running this test is >= 21: the script must find one like it.
        try (var server = ServerProcess.startScript(script, Map.of("API_HOST", "127.0.0.1",
                "JAVA_HOME", System.getProperty("java.home")))) {
            server.awaitHealthy(Duration.ofSeconds(60));
            try (var client = WsClient.connect(server.port())) {
                assertEquals("{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}", client.send("{\"sku\":\"A-1\"}").reply());
            }
            assertTrue(Http.get(server.port(), "/display").body().contains("\"sku\":\"A-1\""));
            assertEquals(0, server.stop());
            String log = server.output();
            assertTrue(log.contains("Using the embedded in-memory store") && log.contains("listening on http://127.0.0.1:" + server.port()), log);
        }
    }
}
