package org.inventory.filler.progress;

import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.inventory.filler.client.Tally;

/**
 * Progress as a bar redrawn in place, for a terminal, as wide as the terminal: generated records acknowledged, or
 * a file's megabytes read, with the rate and the time left (the records acknowledged beside them).
 */
final class ProgressBarDisplay implements Progress {
    private static final String ERASE_LINE = "\r\u001b[2K";

    private final Meter meter;
    private final PrintWriter err;
    private final ProgressBar bar;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("progress").daemon().factory());

    @SuppressWarnings("FutureReturnValueIgnored") // close() ends the updates; one that fails only stops the display
    ProgressBarDisplay(Meter meter, PrintWriter err, int width) {
        this.meter = meter;
        this.err = err;
        var builder = new ProgressBarBuilder()
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(200)
                .setConsumer(new Line(err, width));
        switch (meter) {
            case Meter.Records records ->
                builder.setTaskName("Sending")
                        .setInitialMax(records.total())
                        .setUnit(" records", 1)
                        .showSpeed();
            // An unknown size (standard input) makes the bar an indefinite one.
            case Meter.Bytes bytes ->
                builder.setTaskName("Reading")
                        .setInitialMax(bytes.total().orElse(-1))
                        .setUnit(" MB", 1_000_000)
                        .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        }
        this.bar = builder.build();
        timer.scheduleAtFixedRate(this::update, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void update() {
        Tally tally = meter.tally();
        var extra = new StringBuilder();
        switch (meter) {
            case Meter.Records records -> bar.stepTo(tally.acknowledged());
            case Meter.Bytes bytes -> {
                bar.stepTo(bytes.read().getAsLong());
                extra.append(tally.acknowledged()).append(" records acknowledged");
            }
        }
        long retried = tally.retried();
        long reconnects = tally.reconnects();
        if (retried > 0 || reconnects > 0) {
            extra.append(extra.isEmpty() ? "" : ", ")
                    .append("retried ")
                    .append(retried)
                    .append(", reconnected ")
                    .append(reconnects);
        }
        bar.setExtraMessage(extra.toString());
    }

    @Override
    public void note(String message) {
        // Written over the bar; the bar draws itself again below at its next update.
        synchronized (err) {
            err.print(ERASE_LINE + message + System.lineSeparator());
            err.flush();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        update();
        bar.close();
    }

    /** Draws the bar on the command's error writer, in place (the library's own consumer wants a PrintStream). */
    private record Line(PrintWriter err, int width) implements ProgressBarConsumer {

        @Override
        public int getMaxRenderedLength() {
            return width - 1;
        }

        @Override
        public void accept(String rendered) {
            synchronized (err) {
                err.print(ERASE_LINE + rendered);
                err.flush();
            }
        }

        @Override
        public void close() {
            err.println();
            err.flush();
        }
    }
}
