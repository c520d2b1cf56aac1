package org.inventory.filler.progress;

import java.io.PrintWriter;
import java.time.Duration;
import org.inventory.filler.client.Notes;

/**
 * Shows how far a load has come while it runs, on the error stream so that standard output carries only
 * the result: a progress bar on a terminal, a line every few seconds otherwise (logs, CI), nothing when
 * quiet. Also carries notes on what happens on the way (retries, reconnects).
 */
public interface Progress extends Notes, AutoCloseable {

    /** A progress display suited to where the error stream goes. */
    @SuppressWarnings("SystemConsoleNull") // see below; Console.isTerminal() would need JDK 22
    static Progress start(Meter meter, PrintWriter err, boolean quiet) {
        if (quiet) {
            return Quiet.INSTANCE;
        }
        // A console means a terminal on JDK 21-25 (System.console() is null when redirected); stderr usually goes with
        // it.
        if (System.console() != null) {
            return new ProgressBarDisplay(meter, err, TerminalWidth.get());
        }
        return new ProgressLines(meter, err, Duration.ofSeconds(2));
    }

    /** Stops the display; the final state has been shown. */
    @Override
    void close();

    /** For {@code --quiet}: shows nothing. */
    enum Quiet implements Progress {
        INSTANCE;

        @Override
        public void note(String message) {}

        @Override
        public void close() {}
    }
}
