package org.inventory.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestCertificates;
import org.inventory.testkit.TestCertificates.Authority;
import org.inventory.testkit.TestCertificates.Issued;
import org.inventory.testkit.TestEnv;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The image's health check ({@code docker/healthcheck}) run as the image runs it, against plain, TLS and mutual TLS. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HealthCheckScriptTest {
    private static final String COLLECTION = "health_check_test";
    private static final Path SCRIPT = Path.of("..", "docker", "healthcheck");

    @TempDir
    static Path dir;

    private static Authority ca;
    private static Issued server;
    private static Issued probe;

    @BeforeAll
    static void makeCertificates() throws IOException {
        String unavailable = TestCertificates.unavailable();
        if (unavailable != null) {
            System.out.println("HealthCheckScriptTest skipped: " + unavailable);
        }
        Assumptions.assumeTrue(unavailable == null, unavailable);
        ca = TestCertificates.authority(dir, "ca");
        server = ca.issue("server", "inventory", 1001, "ec");
        Authority devices = TestCertificates.authority(Files.createDirectory(dir.resolve("devices")), "devices");
        probe = devices.issue("probe", "health", 5005, "rsa");
    }

    @Test
    void plain_http_is_checked_by_bash_alone() throws Exception {
        try (var inventory = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION)))) {
            assertEquals(
                    0,
                    healthcheck(Map.of("API_PORT", Integer.toString(inventory.port())))
                            .exit());
        }
    }

    @Test
    void over_tls_the_jdk_checks_trusting_the_servers_own_certificate() throws Exception {
        var env = tls(null);
        try (var inventory = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION, env)))) {
            env.put("API_PORT", Integer.toString(inventory.port()));
            var result = healthcheck(env);
            assertEquals(0, result.exit(), result.output());
        }
    }

    @Test
    void with_mutual_tls_it_presents_the_health_check_certificate() throws Exception {
        var env = tls(probe.authority());
        try (var inventory = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION, env)))) {
            env.put("API_PORT", Integer.toString(inventory.port()));
            var refused = healthcheck(env);
            assertEquals(1, refused.exit(), refused.output());
            assertTrue(
                    refused.output().startsWith("unhealthy: GET /health over TLS on port " + inventory.port()),
                    refused.output());
            env.put("HEALTHCHECK_CLIENT_CERT", probe.certificate().toString());
            env.put("HEALTHCHECK_CLIENT_KEY", probe.key().toString());
            var admitted = healthcheck(env);
            assertEquals(0, admitted.exit(), admitted.output());
        }
    }

    @Test
    void with_mutual_tls_by_the_servers_own_ca_the_servers_certificate_is_enough() throws Exception {
        var env = tls(ca.certificate());
        try (var inventory = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION, env)))) {
            env.put("API_PORT", Integer.toString(inventory.port()));
            var result = healthcheck(env);
            assertEquals(0, result.exit(), result.output());
        }
    }

    private static Map<String, String> tls(Path clientCa) {
        var env = new HashMap<String, String>();
        env.put("API_TLS_CERT", server.certificate().toString());
        env.put("API_TLS_KEY", server.key().toString());
        if (clientCa != null) {
            env.put("API_TLS_CLIENT_CA", clientCa.toString());
        }
        return env;
    }

    private record Result(int exit, String output) {}

    /** Runs the script with this JVM's java first on the PATH and its classpath for the probe. */
    private static Result healthcheck(Map<String, String> env) throws IOException, InterruptedException {
        var builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment()
                .put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        builder.environment().put("INVENTORY_CLASSPATH", System.getProperty("java.class.path"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }
}
