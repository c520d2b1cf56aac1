package org.inventory.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** For tests that start the store or the server as processes of their own. */
public final class ChildProcesses {
    private ChildProcesses() {}

    /** The java executable running this JVM, so that child processes run on the same Java. */
    public static String javaCommand() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** A java child process's command: this JVM's java, the JVM options, then the arguments (a main class or -jar). */
    public static List<String> javaCommand(List<String> jvmOptions, String... arguments) {
        var command = new ArrayList<String>();
        command.add(javaCommand());
        command.addAll(jvmOptions);
        command.addAll(List.of(arguments));
        return command;
    }

    /**
     * A full collection in the process, through {@code jcmd <pid> GC.run} (the JDK's tool next to this JVM's
     * java): what its heap then holds is live, and garbage left before no longer costs what follows.
     */
    public static void collectGarbage(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(javaCommand()).resolveSibling("jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            gc.destroyForcibly();
            throw new IllegalStateException(jcmd + " GC.run failed for process " + pid);
        }
    }

    /**
     * Runs {@code command} to its end, at most {@code within} (else it is killed and this fails), with its standard
     * input closed and its output into files: nothing of it is a terminal, as under a pipe, cron or CI.
     */
    public static Finished run(List<String> command, Duration within) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("child-stdout", ".txt");
        Path stderr = Files.createTempFile("child-stderr", ".txt");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(command + " did not end within " + within + "\n--- stdout:\n"
                        + Files.readString(stdout) + "--- stderr:\n" + Files.readString(stderr));
            }
            return new Finished(command, process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** A child process that has ended: its exit code and what it printed. */
    public record Finished(List<String> command, int exitCode, String stdout, String stderr) {
        /** The command and both streams, for assertion messages. */
        public String transcript() {
            return String.join(" ", command) + "\nexit code " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n"
                    + stderr;
        }
    }

    /** A port that was free a moment ago, for a child process that must listen on a known port. */
    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
