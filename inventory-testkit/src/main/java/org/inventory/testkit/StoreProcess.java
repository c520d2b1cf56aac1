package org.inventory.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.inventory.embedded.EmbeddedStore;

/**
 * The embedded store in a process of its own, so that a test can stop it and start it again like a real
 * MongoDB. With an H2 file the data survives a stop: SIGTERM makes the store close the file cleanly. (A
 * SIGKILL would lose what H2 had not yet written, which no test wants.)
 */
public final class StoreProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private StoreProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a store on {@code port} keeping its data in {@code file} (in memory if null); returns once it listens. */
    public static StoreProcess start(int port, String file) throws IOException {
        return start(port, file, List.of());
    }

    private static StoreProcess start(int port, String file, List<String> jvmOptions) throws IOException {
        return start(System.getProperty("java.class.path"), port, file, jvmOptions);
    }

    private static StoreProcess start(String classPath, int port, String file, List<String> jvmOptions)
            throws IOException {
        var command = ChildProcesses.javaCommand(
                jvmOptions, "-cp", classPath, EmbeddedStore.class.getName(), Integer.toString(port));
        if (file != null) {
            command.add(file);
        }
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var listening = new CompletableFuture<Void>();
        // Reads the store's output to its end, so that a chatty store never blocks on a full pipe.
        Thread.ofVirtual().start(() -> {
            var output = new StringBuilder();
            try (var lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (output.length() < 20_000) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith("embedded store listening")) {
                        listening.complete(null);
                    }
                }
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(
                    new IllegalStateException("the store process ended before listening:\n" + output));
        });
        try {
            listening.orTimeout(60, TimeUnit.SECONDS).join();
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return new StoreProcess(process, port);
    }

    public static StoreProcess inMemory() throws IOException {
        return start(ChildProcesses.freePort(), null);
    }

    /** An in-memory store whose JVM gets {@code jvmOptions}, e.g. a fixed heap for a benchmark. */
    public static StoreProcess inMemory(String... jvmOptions) throws IOException {
        return start(ChildProcesses.freePort(), null, List.of(jvmOptions));
    }

    /**
     * An in-memory store of another build (e.g. a benchmark's baseline): the embedded store its packaged server jar
     * carries ({@code inventory-server/target/inventory-server.jar} of that checkout, with its {@code libs}).
     */
    public static StoreProcess inMemoryOf(java.nio.file.Path serverJar, String... jvmOptions) throws IOException {
        return start(serverJar.toAbsolutePath().toString(), ChildProcesses.freePort(), null, List.of(jvmOptions));
    }

    public String url() {
        return "mongodb://127.0.0.1:" + port + "/" + EmbeddedStore.DATABASE;
    }

    /** The store's process, e.g. to read its CPU time. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    public int port() {
        return port;
    }

    /** Stops the store with SIGTERM (it closes its file) and waits until the process has ended. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the store did not stop within 60 s of SIGTERM");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
