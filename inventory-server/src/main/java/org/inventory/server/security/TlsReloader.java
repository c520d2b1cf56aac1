package org.inventory.server.security;

import io.helidon.common.tls.Tls;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.inventory.server.config.ConfigException;
import org.inventory.server.config.TlsFiles;

/**
 * Reads the TLS files again every few seconds and hands a changed, valid set to the server (Helidon's
 * {@code WebServer.reloadTls}, which swaps the key and trust managers behind the server socket's SSL context): new
 * connections get the new certificate, open ones go on with the one they began with, no restart. A set is taken
 * once it has stayed the same over two reads, so that a renewal written file by file is not caught half-way. A set
 * that cannot be used (unreadable, not PEM, a key of another certificate) leaves the current one in place and is
 * logged once, with why and never with what is in the files.
 */
public final class TlsReloader implements AutoCloseable {
    /** How often the files are read. */
    public static final Duration EVERY = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(TlsReloader.class.getName());

    private final TlsFiles files;
    private final Consumer<Tls> apply;
    private final ScheduledExecutorService timer;
    // Touched by the timer's one thread only.
    private PemFiles current;
    private Reading last;
    private String refused;

    /** What one read of the files gave: their bytes, or why they could not be read. */
    private record Reading(PemFiles pem, String problem) {}

    private TlsReloader(TlsFiles files, ServerTls loaded, Consumer<Tls> apply) {
        this.files = files;
        this.apply = apply;
        this.current = loaded.source();
        this.last = new Reading(loaded.source(), null);
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("tls-reload").daemon().factory());
    }

    /** Starts watching the files {@code loaded} was made from; {@code apply} puts a new TLS in place. */
    @SuppressWarnings("FutureReturnValueIgnored") // close() ends the checks; check() catches what a check throws
    public static TlsReloader start(TlsFiles files, ServerTls loaded, Consumer<Tls> apply, Duration every) {
        var reloader = new TlsReloader(files, loaded, apply);
        reloader.timer.scheduleWithFixedDelay(
                reloader::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return reloader;
    }

    /** One look at the files. */
    private void check() {
        try {
            Reading now = read();
            Reading before = last;
            last = now;
            if (!now.equals(before)) {
                // Still being written, perhaps: taken once it stays the same over two reads.
                return;
            }
            if (now.problem() != null) {
                refuse(now.problem());
                return;
            }
            if (now.pem().sameAs(current)) {
                refused = null;
                return;
            }
            ServerTls next;
            try {
                next = ServerTls.from(now.pem());
            } catch (ConfigException e) {
                refuse(e.getMessage());
                return;
            }
            apply.accept(next.tls());
            current = now.pem();
            refused = null;
            LOG.log(
                    Level.INFO,
                    "TLS certificate reloaded from " + TlsFiles.CERT + ": " + next.description()
                            + "; new connections use it, open ones go on with theirs");
            if (next.expired(Instant.now())) {
                LOG.log(Level.WARNING, "the reloaded TLS certificate has expired; clients will refuse it");
            }
        } catch (RuntimeException e) {
            // The timer must go on. Helidon refusing the swap is reported as a bad file is; its message holds no key.
            refuse("could not be put in place (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private Reading read() {
        try {
            return new Reading(PemFiles.read(files), null);
        } catch (ConfigException e) {
            return new Reading(null, e.getMessage());
        }
    }

    /** Logs why, once for as long as the files stay wrong in the same way. */
    private void refuse(String why) {
        if (!why.equals(refused)) {
            refused = why;
            LOG.log(Level.WARNING, "TLS files changed but cannot be used; the previous certificate stays: " + why);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
