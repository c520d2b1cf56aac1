package org.inventory.filler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.inventory.testkit.ChildProcesses;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker/run_server} with the server's ahead-of-time cache on Java 25 and newer: the build makes the cache in
 * this module's {@code package} phase (a training run of the packaged server fed by this loader), and the server
 * starts with it and answers; a cache older than the jar, or a damaged one, is left aside and the server still starts.
 * Runs after {@code package} (failsafe), on the real jars; skipped on a Java older than 25, which gets no cache.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AotCacheIT {
    private static final Path REPO = realPath(Path.of(".."));
    private static final Path SERVER_TARGET = REPO.resolve("inventory-server").resolve("target");

    @BeforeEach
    void onJava25OrNewer() {
        Assumptions.assumeTrue(
                Runtime.version().feature() >= 25,
                "the ahead-of-time cache needs Java 25; this is " + Runtime.version());
    }

    @Test
    void the_server_starts_with_the_cache_the_build_made_and_answers() throws Exception {
        Path cache = SERVER_TARGET.resolve("inventory-server.aot");
        Assumptions.assumeTrue(Files.isRegularFile(cache), "no cache made (the build ran with -Daot.skip)");
        try (var server = start(REPO.resolve("docker").resolve("run_server"))) {
            answers(server);
            assertTrue(
                    jcmd(server.pid(), "VM.command_line").contains("-XX:AOTCache=" + cache),
                    "run_server did not pass the cache");
            // The JVM says nothing about the cache: no warning, no error.
            String log = server.output();
            assertTrue(log.lines().noneMatch(line -> line.contains("[warning]") || line.contains("[error")), log);
        }
    }

    @Test
    void a_cache_older_than_the_jar_is_left_aside_and_the_server_starts(@TempDir Path checkout) throws Exception {
        Path cache = copyOfTheServer(checkout);
        Files.writeString(cache, "a cache of an older build");
        Path jar = cache.resolveSibling("inventory-server.jar");
        Files.setLastModifiedTime(
                cache, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 3_600_000));
        try (var server = start(checkout.resolve("docker").resolve("run_server"))) {
            answers(server);
            assertFalse(jcmd(server.pid(), "VM.command_line").contains("AOTCache"), "a stale cache was passed");
            assertTrue(
                    server.output().contains("inventory-server.aot is older than the jar or the Java runtime"),
                    server.output());
        }
    }

    @Test
    void a_damaged_cache_does_not_keep_the_server_from_starting(@TempDir Path checkout) throws Exception {
        Path cache = copyOfTheServer(checkout);
        Files.write(cache, "not a cache at all".repeat(1000).getBytes(StandardCharsets.US_ASCII));
        try (var server = start(checkout.resolve("docker").resolve("run_server"))) {
            answers(server);
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A checkout's layout with run_server and the packaged server; returns where its cache belongs. */
    private static Path copyOfTheServer(Path checkout) throws IOException {
        Path docker = Files.createDirectories(checkout.resolve("docker"));
        Files.copy(
                REPO.resolve("docker").resolve("run_server"),
                docker.resolve("run_server"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Path target =
                Files.createDirectories(checkout.resolve("inventory-server").resolve("target"));
        Files.copy(
                SERVER_TARGET.resolve("inventory-server.jar"),
                target.resolve("inventory-server.jar"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Path libs = Files.createDirectories(target.resolve("libs"));
        try (Stream<Path> jars = Files.list(SERVER_TARGET.resolve("libs"))) {
            for (Path lib : jars.toList()) {
                Files.copy(lib, libs.resolve(lib.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return target.resolve("inventory-server.aot");
    }

    /** run_server with the embedded store and this JVM's Java. */
    private static ServerProcess start(Path script) throws IOException {
        var env = new HashMap<>(Map.of("API_HOST", "127.0.0.1", "JAVA_HOME", System.getProperty("java.home")));
        var server = ServerProcess.startScript(script, env);
        server.awaitHealthy(Duration.ofSeconds(90));
        return server;
    }

    private static void answers(ServerProcess server) {
        try (var client = WsClient.connect(server.port())) {
            assertEquals(
                    "{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}",
                    client.send("{\"sku\":\"A-1\"}").reply());
        }
    }

    private static String jcmd(long pid, String command) throws Exception {
        var jcmd = new ProcessBuilder(
                        Path.of(ChildProcesses.javaCommand())
                                .resolveSibling("jcmd")
                                .toString(),
                        Long.toString(pid),
                        command)
                .redirectErrorStream(true)
                .start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        return output;
    }
}
