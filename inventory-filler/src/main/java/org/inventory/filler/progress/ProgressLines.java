package org.inventory.filler.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.inventory.filler.client.Durations;

/**
 * Progress as plain lines, one per period: readable in a log file or a CI job, where a bar's redraws are not. For a
 * file: the megabytes read, the rate, and the time left at that rate.
 */
final class ProgressLines implements Progress {
    private final Meter meter;
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("progress").daemon().factory());

    @SuppressWarnings("FutureReturnValueIgnored") // close() ends the lines; one that fails only stops the display
    ProgressLines(Meter meter, PrintWriter err, Duration period) {
        this.meter = meter;
        this.err = err;
        timer.scheduleAtFixedRate(this::print, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void print() {
        err.println(line((System.nanoTime() - start) / 1e9));
        err.flush();
    }

    /** The line after {@code seconds}. */
    String line(double seconds) {
        long acknowledged = meter.tally().acknowledged();
        return switch (meter) {
            case Meter.Records records ->
                String.format(
                        Locale.ROOT,
                        "%d of %d records acknowledged (%d%%), %.0f records/s",
                        acknowledged,
                        records.total(),
                        acknowledged * 100 / records.total(),
                        acknowledged / seconds);
            case Meter.Bytes bytes -> {
                long read = bytes.read().getAsLong();
                double rate = read / seconds;
                String of = "";
                String left = "";
                if (bytes.total().isPresent()) {
                    long total = bytes.total().getAsLong();
                    of = String.format(
                            Locale.ROOT, " of %.1f MB (%d%%)", total / 1e6, total == 0 ? 100 : read * 100 / total);
                    left = rate > 0
                            ? ", about " + Durations.format(Duration.ofSeconds(Math.round((total - read) / rate)))
                                    + " left"
                            : "";
                }
                yield String.format(
                        Locale.ROOT,
                        "%.1f MB read%s, %.1f MB/s%s; %d records acknowledged",
                        read / 1e6,
                        of,
                        rate / 1e6,
                        left,
                        acknowledged);
            }
        };
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
