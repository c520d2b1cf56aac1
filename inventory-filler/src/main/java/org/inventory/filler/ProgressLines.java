package org.inventory.filler;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Progress as plain lines, one per period: readable in a log file or a CI job, where a bar's redraws are not. */
final class ProgressLines implements Progress {
    private final Tally tally;
    private final long total;
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("progress").daemon().factory());

    ProgressLines(Tally tally, long total, PrintWriter err, Duration period) {
        this.tally = tally;
        this.total = total;
        this.err = err;
        timer.scheduleAtFixedRate(this::print, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void print() {
        long done = tally.acknowledged();
        double seconds = (System.nanoTime() - start) / 1e9;
        err.println(String.format(Locale.ROOT, "%d of %d records acknowledged (%d%%), %.0f records/s",
                done, total, done * 100 / total, done / seconds));
        err.flush();
    }

    @Override
    public void note(String message) {
        err.println(message);
        err.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
