package org.inventory.server.ingest;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stacks of this JVM's threads, virtual ones included, as the JDK's thread dump lists them: where a server in
 * the test's JVM waits, seen from outside its code. A device connection's reading thread runs in {@code
 * DeviceConnection.resume} while bytes come and is gone while its device is silent; a write that waits for the
 * socket waits in {@code DeviceConnection.awaitWrite}.
 */
final class ThreadDump {
    private ThreadDump() {}

    /** Whether some thread's stack now holds a frame of {@code method}, named as {@code Class.method}. */
    static boolean anyIn(String method) {
        return now().contains("." + method + "(");
    }

    static String now() {
        try {
            Path dir = Files.createTempDirectory("threads");
            Path file = dir.resolve("dump.txt"); // the dump writes a file that does not exist yet
            try {
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(file.toAbsolutePath().toString(), ThreadDumpFormat.TEXT_PLAIN);
                return Files.readString(file);
            } finally {
                Files.deleteIfExists(file);
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
