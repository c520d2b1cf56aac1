package org.inventory.filler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.ChildProcesses;
import org.inventory.testkit.ChildProcesses.Finished;
import org.inventory.testkit.InstalledJava;
import org.inventory.testkit.TestEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged loader run as users run it, {@code java -jar inventory-filler.jar}: on a Java too old for it, one
 * line that says so and exit 2; on this build's Java, no JVM warning before the progress, on a terminal or not.
 * Runs after {@code package} (failsafe), on the real jar.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherIT {
    private static final String COLLECTION = "filler_launcher";
    private static final Path JAR = Path.of("target", "inventory-filler.jar").toAbsolutePath();
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static InventoryServer server;

    @BeforeAll
    static void startServer() {
        server = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION)));
    }

    @AfterAll
    static void stopServer() {
        server.shutdown(Duration.ofSeconds(5));
    }

    @Test
    @Tag("clients")
    void on_java_17_the_loader_says_in_one_line_that_it_needs_java_21_and_exits_2() throws Exception {
        InstalledJava java17 = installedOrSkip(17);
        String line = "inventory-filler needs Java " + Launcher.REQUIRED + " or newer; this is Java " + java17.version()
                + " (" + java17.home() + ")" + System.lineSeparator();
        for (List<String> args : List.of(List.of("--count", "10"), List.of("--help"))) {
            var command = new ArrayList<>(List.of(java17.java().toString(), "-jar", JAR.toString()));
            command.addAll(args);
            Finished run = ChildProcesses.run(command, WITHIN);
            assertEquals(2, run.exitCode(), run::transcript);
            assertEquals(line, run.stderr(), run::transcript);
            assertEquals("", run.stdout(), run::transcript);
        }
    }

    @Test
    void on_this_java_the_loader_prints_no_jvm_warning_when_not_on_a_terminal() throws Exception {
        Finished run = ChildProcesses.run(
                ChildProcesses.javaCommand(
                        List.of(), "-jar", JAR.toString(), "--count", "200", "--url", Filler.url(server.port())),
                WITHIN);
        assertEquals(0, run.exitCode(), run::transcript);
        assertTrue(run.stdout().contains("200 records in "), run::transcript);
        assertNoJvmWarning(run.stderr(), run.transcript());
    }

    /**
     * On a terminal the progress bar asks JLine for the terminal's width, and JLine loads a native library: since
     * Java 24 a warning unless the jar grants itself native access. util-linux's {@code script} gives the loader a
     * pseudo-terminal, as a user's shell would.
     */
    @Test
    void on_this_java_the_loader_prints_no_jvm_warning_on_a_terminal_either() throws Exception {
        Optional<String> missing = scriptMissing();
        if (missing.isPresent()) {
            System.err.println("LauncherIT: the terminal test skipped: " + missing.get());
        }
        Assumptions.assumeTrue(missing.isEmpty(), missing::get);
        String loader = String.join(
                " ",
                quoted(ChildProcesses.javaCommand()),
                "-jar",
                quoted(JAR.toString()),
                "--count",
                "200",
                "--url",
                Filler.url(server.port()));
        Finished run =
                ChildProcesses.run(List.of("script", "--quiet", "--return", "--command", loader, "/dev/null"), WITHIN);
        assertEquals(0, run.exitCode(), run::transcript);
        // The bar's frame shows that the loader saw a terminal; both streams arrive through it.
        assertTrue(run.stdout().contains("Sending") && run.stdout().contains("│"), run::transcript);
        assertNoJvmWarning(run.stdout(), run.transcript());
    }

    private static void assertNoJvmWarning(String output, String transcript) {
        assertTrue(output.lines().map(String::strip).noneMatch(line -> line.startsWith("WARNING:")), transcript);
    }

    /** Another Java of this release installed here, or the test skipped saying why (a skip is easy to miss). */
    private static InstalledJava installedOrSkip(int feature) {
        Optional<InstalledJava> java = InstalledJava.ofRelease(feature);
        if (java.isEmpty()) {
            System.err.println("LauncherIT: the Java " + feature + " test skipped: " + InstalledJava.notFound(feature));
        }
        Assumptions.assumeTrue(java.isPresent(), () -> InstalledJava.notFound(feature));
        return java.get();
    }

    /** Why util-linux's {@code script} cannot run here, when it cannot (other systems' script takes other options). */
    private static Optional<String> scriptMissing() throws InterruptedException {
        try {
            Finished version = ChildProcesses.run(List.of("script", "--version"), WITHIN);
            if (version.exitCode() == 0 && version.stdout().contains("util-linux")) {
                return Optional.empty();
            }
            return Optional.of("script is not util-linux's: " + version.stdout().strip());
        } catch (IOException e) {
            return Optional.of("no script command (util-linux): " + e.getMessage());
        }
    }

    /** A word for {@code sh -c}: in single quotes, each single quote written as '\''. */
    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
