package org.inventory.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.inventory.testkit.ChildProcesses;
import org.inventory.testkit.ChildProcesses.Finished;
import org.inventory.testkit.InstalledJava;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged server run on a Java too old for it, {@code java -jar inventory-server.jar}: one line that says so
 * and exit 2, whatever the arguments, before anything starts. Runs after {@code package} (failsafe), on the real jar.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherIT {
    private static final Path JAR = Path.of("target", "inventory-server.jar").toAbsolutePath();

    @Test
    @Tag("clients")
    void on_java_17_the_server_says_in_one_line_that_it_needs_java_21_and_exits_2() throws Exception {
        Optional<InstalledJava> installed = InstalledJava.ofRelease(17);
        if (installed.isEmpty()) {
            System.err.println("LauncherIT: the Java 17 test skipped: " + InstalledJava.notFound(17));
        }
        Assumptions.assumeTrue(installed.isPresent(), () -> InstalledJava.notFound(17));
        InstalledJava java17 = installed.get();
        String line = "inventory-server needs Java " + Launcher.REQUIRED + " or newer; this is Java " + java17.version()
                + " (" + java17.home() + ")" + System.lineSeparator();
        for (List<String> args : List.of(List.<String>of(), List.of("--help"))) {
            var command = new ArrayList<>(List.of(java17.java().toString(), "-jar", JAR.toString()));
            command.addAll(args);
            Finished run = ChildProcesses.run(command, Duration.ofSeconds(60));
            assertEquals(2, run.exitCode(), run::transcript);
            assertEquals(line, run.stderr(), run::transcript);
            assertEquals("", run.stdout(), run::transcript);
        }
    }
}
