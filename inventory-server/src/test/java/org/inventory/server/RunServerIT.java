package org.inventory.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.inventory.testkit.ChildProcesses;
import org.inventory.testkit.Http;
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
        int port = ChildProcesses.freePort();
        Path output = Files.createTempFile("run_server", ".log");
        var builder = new ProcessBuilder(script.toString()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("MONGODB_URL");
        builder.environment().put("API_PORT", Integer.toString(port));
        builder.environment().put("API_HOST", "127.0.0.1");
        // The JVM running this test is >= 21: the script must find one like it.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        try {
            awaitHealthy(port, process, output);
            try (var client = WsClient.connect(port)) {
                assertEquals("{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}", client.send("{\"sku\":\"A-1\"}").reply());
            }
            assertTrue(Http.get(port, "/display").body().contains("\"sku\":\"A-1\""));
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());
            String log = Files.readString(output);
            assertTrue(log.contains("Using the embedded in-memory store") && log.contains("listening on http://127.0.0.1:" + port), log);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    private static void awaitHealthy(int port, Process process, Path output) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("run_server exited " + process.exitValue() + ":\n" + Files.readString(output));
            }
            try {
                if (Http.get(port, "/health").statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("not healthy in time:\n" + Files.readString(output));
    }
}
