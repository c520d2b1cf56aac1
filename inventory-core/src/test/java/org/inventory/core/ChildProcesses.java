package org.inventory.core;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** For tests that start the store or the server as processes of their own. */
public final class ChildProcesses {
    private ChildProcesses() {
    }

    /** The java executable running this JVM, so that child processes run on the same Java. */
    public static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** A port that was free a moment ago, for a child process that must listen on a known port. */
    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
