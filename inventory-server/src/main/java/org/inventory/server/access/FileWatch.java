package org.inventory.server.access;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Calls back when a file's contents change, looked at every {@code period}. It compares contents, not times:
 * a file replaced within the same second, or moved into place by a secret store, counts too; a file that cannot be
 * read for a moment (being replaced) is looked at again next time.
 */
public final class FileWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FileWatch.class.getName());

    private final Path file;
    private final Runnable changed;
    private final ScheduledExecutorService timer;
    private byte[] seen;

    private FileWatch(Path file, Runnable changed) {
        this.file = file;
        this.changed = changed;
        this.seen = digest();
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("watch-" + file.getFileName()).factory());
    }

    /** Starts watching. */
    @SuppressWarnings("FutureReturnValueIgnored") // close() ends the looks; look() catches what a look throws
    public static FileWatch start(Path file, Duration period, Runnable changed) {
        var watch = new FileWatch(file, changed);
        watch.timer.scheduleWithFixedDelay(watch::look, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    private void look() {
        try {
            byte[] now = digest();
            if (now != null && !Arrays.equals(now, seen)) {
                seen = now;
                changed.run();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reloading " + file + " failed: " + e.getMessage());
        }
    }

    private byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
