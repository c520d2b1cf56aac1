package org.inventory.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.inventory.testkit.ChildProcesses;
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
        try (var server = ServerProcess.startScript(
                script, Map.of("API_HOST", "127.0.0.1", "JAVA_HOME", System.getProperty("java.home")))) {
            server.awaitHealthy(Duration.ofSeconds(60));
            try (var client = WsClient.connect(server.port())) {
                assertEquals(
                        "{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}",
                        client.send("{\"sku\":\"A-1\"}").reply());
            }
            assertTrue(Http.get(server.port(), "/display").body().contains("\"sku\":\"A-1\""));
            assertEquals(0, server.stop());
            String log = server.output();
            assertTrue(
                    log.contains("Using the embedded in-memory store")
                            && log.contains("listening on http://127.0.0.1:" + server.port()),
                    log);
            // No JVM warning (Netty's sun.misc.Unsafe, native access, ...) before or among the server's own lines.
            assertTrue(log.lines().noneMatch(line -> line.startsWith("WARNING:")), log);
        }
    }

    @Test
    void with_the_store_in_mongodb_the_server_runs_the_parallel_collector_unless_java_opts_names_one()
            throws Exception {
        // A MongoDB URL the JVM never uses: it exits before the server would connect.
        String mongodb = "mongodb://127.0.0.1:1/inventory";
        assertEquals("-XX:+UseParallelGC", collectorOf(Map.of("MONGODB_URL", mongodb)));
        assertEquals("-XX:+UseG1GC", collectorOf(Map.of("MONGODB_URL", mongodb, "JAVA_OPTS", "-Xmx256m -XX:+UseG1GC")));
        // The embedded store keeps the JVM's own choice (G1 on this machine's 2 CPUs, Serial on one).
        assertEquals(collectorOf(Map.of("JAVA_OPTS", "-Xmx256m")), defaultCollector());
    }

    /**
     * The collector flag of the JVM that run_server starts with these variables. The collector is one of the JVM's
     * options, which the script chooses: that JVM prints its flags and exits ({@code -version} added to
     * {@code JAVA_OPTS}) instead of serving, so this needs no server started and stopped three times.
     */
    private static String collectorOf(Map<String, String> env) throws Exception {
        Path script = Path.of("..", "docker", "run_server").toAbsolutePath().normalize();
        var vars = new HashMap<>(env);
        vars.putAll(Map.of("API_HOST", "127.0.0.1", "JAVA_HOME", System.getProperty("java.home")));
        vars.put("JAVA_OPTS", (env.getOrDefault("JAVA_OPTS", "") + " -XX:+PrintCommandLineFlags -version").strip());
        try (var jvm = ServerProcess.startScript(script, vars)) {
            assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), jvm::outputTail);
            return collector(jvm.output());
        }
    }

    /** The collector a plain JVM picks on this machine. */
    private static String defaultCollector() throws Exception {
        var java = new ProcessBuilder(
                        ChildProcesses.javaCommand(), "-Xmx256m", "-XX:+PrintCommandLineFlags", "-version")
                .redirectErrorStream(true)
                .start();
        String flags = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        java.waitFor();
        return collector(flags);
    }

    private static String collector(String flags) {
        for (String flag : flags.split("\\s+", -1)) {
            if (flag.matches("-XX:\\+Use\\w+GC")) {
                return flag;
            }
        }
        throw new AssertionError("no collector among the flags: " + flags);
    }
}
