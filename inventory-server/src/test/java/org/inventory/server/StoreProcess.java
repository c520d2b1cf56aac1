package org.inventory.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.inventory.core.EmbeddedStore;

/** The embedded store in a process of its own (H2 file backend), so a test can stop and restart it like a real MongoDB. */
final class StoreProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private StoreProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts an in-memory store on a free port; returns once it listens. */
    static StoreProcess inMemory() throws IOException {
        return start(ServerProcess.freePort(), null);
    }

    /** Starts a store on {@code port} keeping its data in {@code file} (in memory if null); returns once it listens. */
    static StoreProcess start(int port, String file) throws IOException {
        var command = new java.util.ArrayList<>(java.util.List.of(ServerProcess.javaCommand(),
                "-cp", System.getProperty("java.class.path"), EmbeddedStore.class.getName(), Integer.toString(port)));
        if (file != null) {
            command.add(file);
        }
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var listening = new CompletableFuture<Void>();
        Thread.ofVirtual().start(() -> {
            var output = new StringBuilder();
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                    if (line.startsWith("embedded store listening")) {
                        listening.complete(null);
                    }
                }
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException("store process ended before listening:\n" + output));
        });
        listening.orTimeout(30, TimeUnit.SECONDS).join();
        return new StoreProcess(process, port);
    }

    String url() {
        return "mongodb://127.0.0.1:" + port + "/test";
    }

    /** Stops the store (SIGTERM: it closes its file) and waits for the process to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
