package org.inventory.testkit;

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
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/**
 * The real server as a process of its own, so that a test can read what it prints at start-up and shutdown, send
 * it SIGTERM or SIGKILL, start it again on the same port, measure its memory, or benchmark it. It runs {@link #MAIN}
 * with this JVM's classpath, a given jar, or a start script, with exactly the given variables plus {@code PATH}
 * (nothing of the test's own environment leaks in). The port must be known to the test: without {@code API_PORT},
 * or with {@code API_PORT=0} as {@link TestEnv} gives it, the server gets a port that was free a moment ago.
 * Everything it prints goes to a temporary file, deleted on {@link #close}.
 */
public final class ServerProcess implements AutoCloseable {
    /** The server's main class, by name: the kit depends on none of the service's modules. */
    public static final String MAIN = "org.inventory.server.Main";

    private final Process process;
    private final Path output;
    private final int port;

    private ServerProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** Starts {@link #MAIN} with this JVM's classpath, in a JVM with {@code jvmOptions}; does not wait for it. */
    public static ServerProcess start(Map<String, String> env, String... jvmOptions) throws IOException {
        return launch(
                ChildProcesses.javaCommand(List.of(jvmOptions), "-cp", System.getProperty("java.class.path"), MAIN),
                env);
    }

    /** Starts another build of the server from its jar (e.g. a baseline for a benchmark), like {@link #start}. */
    public static ServerProcess startJar(String jar, Map<String, String> env, String... jvmOptions) throws IOException {
        return launch(ChildProcesses.javaCommand(List.of(jvmOptions), "-jar", jar), env);
    }

    /** Starts the server through a start script (e.g. {@code docker/run_server}), like {@link #start}. */
    public static ServerProcess startScript(Path script, Map<String, String> env) throws IOException {
        return launch(List.of(script.toString()), env);
    }

    /**
     * Starts the packaged server as users start it, through this checkout's {@code docker/run_server} (found from the
     * project root or a module's folder), with JVM options only from {@code JAVA_OPTS} in {@code env}.
     */
    public static ServerProcess startAsUsersDo(Map<String, String> env) throws IOException {
        for (Path candidate : List.of(Path.of("docker", "run_server"), Path.of("..", "docker", "run_server"))) {
            if (Files.isExecutable(candidate)) {
                return startScript(candidate.toAbsolutePath().normalize(), env);
            }
        }
        throw new IllegalStateException(
                "docker/run_server not found from " + Path.of("").toAbsolutePath() + "; run from the project root");
    }

    private static ServerProcess launch(List<String> command, Map<String, String> env) throws IOException {
        var vars = new HashMap<String, String>();
        vars.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        vars.putAll(env);
        if (!vars.containsKey("API_PORT") || vars.get("API_PORT").equals("0")) {
            vars.put("API_PORT", Integer.toString(ChildProcesses.freePort()));
        }
        Path output = Files.createTempFile("inventory-server", ".log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().putAll(vars);
        try {
            return new ServerProcess(builder.start(), output, port(vars.get("API_PORT")));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(output);
            throw e;
        }
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The port the server was told to listen on; -1 when {@code API_PORT} was not a number. */
    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** The process, e.g. to read its CPU time or pin it to CPUs. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until {@code /health} answers 200, checking between pauses. If the server exits first or is not
     * healthy in time, it is killed and this fails with the end of its output.
     */
    public ServerProcess awaitHealthy(Duration within) {
        return awaitHealthy(
                within,
                "http",
                () -> Http.tryGet(port, "/health", Http.JSON)
                        .map(r -> r.statusCode() == 200)
                        .orElse(false));
    }

    /** As {@link #awaitHealthy(Duration)}, for a server with TLS: {@code https://localhost} trusted through {@code tls}. */
    public ServerProcess awaitHealthy(Duration within, SSLContext tls) {
        var client = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        var request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/health"))
                .timeout(Duration.ofSeconds(30))
                .build();
        return awaitHealthy(within, "https", () -> {
            try {
                return client.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private ServerProcess awaitHealthy(Duration within, String scheme, BooleanSupplier healthy) {
        try {
            Await.until("the server on port " + port + " to answer /health with 200 over " + scheme, within, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "the server exited with " + process.exitValue() + ":\n" + outputTail());
                }
                return healthy.getAsBoolean();
            });
        } catch (AssertionError notInTime) {
            String tail = outputTail();
            process.destroyForcibly();
            throw new AssertionError(notInTime.getMessage() + "; the server printed:\n" + tail, notInTime);
        } catch (RuntimeException exited) {
            process.destroyForcibly();
            throw exited;
        }
        return this;
    }

    /** SIGTERM, as {@code docker stop} sends it; returns at once (see {@link #awaitExit}). */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end and returns its exit code; fails if it is still running after {@code within}. */
    public int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server did not exit within " + within + ":\n" + outputTail());
        }
        return process.exitValue();
    }

    /** SIGTERM, then waits at most 30 s for the process to end; returns its exit code. */
    public int stop() throws InterruptedException {
        terminate();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. Waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server did not die within 30 s of SIGKILL");
        }
    }

    /** Everything the server printed so far. */
    public String output() throws IOException {
        return Files.readString(output);
    }

    /** The last 40 lines the server printed, for failure messages. */
    public String outputTail() {
        try {
            List<String> lines = Files.readAllLines(output);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** The Prometheus text of {@code /metrics}. */
    public PrometheusText metrics() {
        return PrometheusText.scrape(port);
    }

    /** A full collection in the server, through {@code jcmd <pid> GC.run}. */
    public void collectGarbage() throws IOException, InterruptedException {
        ChildProcesses.collectGarbage(pid());
    }

    /** The heap the server really holds: a full collection, then the heap in use from {@code /metrics}. */
    public long liveHeapBytes() throws IOException, InterruptedException {
        collectGarbage();
        return metrics().usedHeapBytes();
    }

    /** A line of {@code /proc/PID/status} in KiB, e.g. {@code VmRSS} (resident now) or {@code VmHWM} (its peak). */
    public long procStatusKiB(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(
                        line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid() + "/status");
    }

    /** Kills the process if it still runs (SIGKILL), waits for it, and deletes its output. */
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
