package org.inventory.reliability;

import org.inventory.testkit.Await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.inventory.testkit.ChildProcesses;
import org.inventory.server.Main;
import org.inventory.testkit.PrometheusText;

/**
 * The server as a separate process (the real {@code Main}, with this test's classpath), so that a test can
 * kill it with SIGKILL, start it again on the same port, and measure its memory.
 */
final class ServerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path output;
    private final int port;

    private ServerProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /**
     * Starts the server on {@code port} of 127.0.0.1 with these variables (over quiet defaults) and JVM options,
     * and returns once {@code /health} answers 200.
     */
    static ServerProcess start(int port, Map<String, String> env, List<String> jvmOptions) throws IOException {
        Path output = Files.createTempFile("inventory-server", ".log");
        var command = ChildProcesses.javaCommand(jvmOptions, "-cp", System.getProperty("java.class.path"), Main.class.getName());
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        var vars = new HashMap<String, String>();
        vars.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        vars.put("API_HOST", "127.0.0.1");
        vars.put("LOG_LEVEL", "WARN");
        vars.putAll(env);
        vars.put("API_PORT", Integer.toString(port));
        builder.environment().clear();
        builder.environment().putAll(vars);
        var server = new ServerProcess(builder.start(), output, port);
        try {
            server.awaitHealthy(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code /health} answers 200; fails with the server's output if it exits or takes too long. */
    void awaitHealthy(Duration within) {
        Await.until("the server on port " + port + " to be healthy", within, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + outputTail());
            }
            return get("/health", "application/json").map(r -> r.statusCode() == 200).orElse(false);
        });
    }

    /** A GET on the server; empty if it does not answer (not listening, or the connection broke). */
    java.util.Optional<HttpResponse<String>> get(String path, String accept) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", accept)
                .build();
        try {
            return java.util.Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Prometheus text of {@code /metrics}. */
    PrometheusText metrics() {
        return PrometheusText.scrape(port);
    }

    /** A line of {@code /proc/PID/status} in KiB, e.g. {@code VmRSS} (resident now) or {@code VmHWM} (its peak). */
    long procStatusKiB(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid() + "/status");
    }

    /**
     * The heap the server really holds: a full collection through {@code jcmd <pid> GC.run} (the JDK's tool next
     * to this JVM's {@code java}), then the heap in use from {@code /metrics}.
     */
    long liveHeapBytes() throws IOException, InterruptedException {
        ChildProcesses.collectGarbage(pid());
        return metrics().usedHeapBytes();
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. Waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server did not die within 30 s of SIGKILL");
        }
    }

    /** Everything the server printed so far. */
    String output() throws IOException {
        return Files.readString(output);
    }

    /** The last lines the server printed, for failure messages. */
    String outputTail() {
        try {
            List<String> lines = Files.readAllLines(output);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // A temporary file left behind is harmless.
        }
    }
}
