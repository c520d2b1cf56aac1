package org.inventory.filler;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress as a bar redrawn in place, for a terminal. */
final class ProgressBarDisplay implements Progress {
    private static final String ERASE_LINE = "\r\u001b[2K";

    private final Tally tally;
    private final PrintWriter err;
    private final ProgressBar bar;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("progress").daemon().factory());

    ProgressBarDisplay(Tally tally, long total, PrintWriter err) {
        this.tally = tally;
        this.err = err;
        this.bar = new ProgressBarBuilder()
                .setTaskName("Sending")
                .setInitialMax(total)
                .setUnit(" records", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(200)
                .setConsumer(new Line(err, terminalWidth()))
                .build();
        timer.scheduleAtFixedRate(this::update, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void update() {
        bar.stepTo(tally.acknowledged());
        long retried = tally.retried();
        long reconnects = tally.reconnects();
        if (retried > 0 || reconnects > 0) {
            bar.setExtraMessage("retried " + retried + ", reconnected " + reconnects);
        }
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

    /** The width the shell reports, when it exports it; a classic terminal's otherwise. */
    private static int terminalWidth() {
        try {
            return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80")));
        } catch (NumberFormatException e) {
            return 80;
        }
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
