package org.inventory.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.inventory.testkit.ChildProcesses;
import org.inventory.testkit.Http;

/** The server as a separate process (the real {@link Main}), for start-up, configuration and SIGTERM tests. */
final class ServerProcess implements AutoCloseable {
    final Process process;
    final Path output;
    final int port;

    private ServerProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /**
     * Starts {@code Main} with exactly these variables (plus PATH), on a free port unless API_PORT is given, in a
     * JVM with {@code jvmOptions}.
     */
    static ServerProcess start(Map<String, String> env, String... jvmOptions) throws IOException {
        int port = env.containsKey("API_PORT") ? -1 : ChildProcesses.freePort();
        Path output = Files.createTempFile("server", ".log");
        var builder = new ProcessBuilder(ChildProcesses.javaCommand(List.of(jvmOptions), "-cp", System.getProperty("java.class.path"), Main.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        if (port > 0) {
            builder.environment().put("API_PORT", Integer.toString(port));
        }
        builder.environment().putAll(env);
        return new ServerProcess(builder.start(), output, port);
    }

    /** Starts another build of the server from its jar (e.g. a baseline for a benchmark), like {@link #start}. */
    static ServerProcess startJar(String jar, Map<String, String> env, String... jvmOptions) throws IOException {
        int port = ChildProcesses.freePort();
        Path output = Files.createTempFile("server", ".log");
        var builder = new ProcessBuilder(ChildProcesses.javaCommand(List.of(jvmOptions), "-jar", jar)).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        builder.environment().put("API_PORT", Integer.toString(port));
        return new ServerProcess(builder.start(), output, port);
    }

    /** Waits until {@code /health} answers 200, at most {@code timeout}; fails with the server's output otherwise. */
    void awaitHealthy(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited " + process.exitValue() + ":\n" + output());
            }
            try {
                if (Http.get(port, "/health").statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("server not healthy within " + timeout + ":\n" + output());
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(output);
    }
}
