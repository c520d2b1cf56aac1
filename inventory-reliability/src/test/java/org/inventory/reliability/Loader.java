package org.inventory.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.inventory.filler.FillCommand;
import picocli.CommandLine;

/** The loader ({@link FillCommand}) run in this JVM as its {@code main} runs it, with its output captured. */
final class Loader {
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records in (\\d+\\.\\d) s \\((\\d+) records/s\\): inserted (\\d+), duplicates (\\d+), failed (\\d+)");

    // StringWriter is backed by a StringBuffer: safe to read while the loader writes.
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> args;

    private Loader(List<String> args) {
        this.args = args;
    }

    static Loader with(String... args) {
        return new Loader(List.of(args));
    }

    /** Starts the loader on a thread of its own; the task gives its exit code. */
    FutureTask<Integer> start() {
        var task = new FutureTask<>(() -> {
            CommandLine commandLine = FillCommand.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            return commandLine.execute(args.toArray(String[]::new));
        });
        Thread.ofPlatform().name("loader").daemon().start(task);
        return task;
    }

    String err() {
        return err.toString();
    }

    /** Everything it printed, for failure messages. */
    String transcript() {
        return "loader " + String.join(" ", args) + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }

    /** The counts of its final line: {@code N records in X s (Y records/s): inserted I, duplicates D, failed F}. */
    Summary summary() {
        String[] lines = out.toString().strip().split("\\R");
        Matcher matcher = SUMMARY.matcher(lines[lines.length - 1]);
        if (!matcher.matches()) {
            throw new AssertionError("the loader's last line is not its summary\n" + transcript());
        }
        return new Summary(Long.parseLong(matcher.group(1)), Double.parseDouble(matcher.group(2)),
                Long.parseLong(matcher.group(4)), Long.parseLong(matcher.group(5)), Long.parseLong(matcher.group(6)));
    }

    record Summary(long count, double seconds, long inserted, long duplicates, long failed) {
    }
}
