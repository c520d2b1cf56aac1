package org.inventory.filler;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.inventory.filler.generate.RecordGenerator;
import picocli.CommandLine;

/**
 * The loader ({@link FillCommand}) run in this JVM as its {@code main} runs it, with what it prints captured and
 * readable while it runs; and what a run of a seed stores.
 * <p>
 * The one copy for the loader's tests and the reliability suite's. It lives with the loader's tests, not in the
 * test kit: the kit depends on none of the service's modules, and this class needs the loader. The filler
 * publishes its test classes as a test-jar ({@code maven-jar-plugin}'s {@code test-jar} goal), on which
 * {@code inventory-reliability} depends with {@code <type>test-jar</type>} in test scope: no cycle, since the
 * reliability module depends on the filler already and nothing depends on the reliability module.
 */
public final class Filler {
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records in (\\d+\\.\\d) s \\((\\d+) records/s\\): inserted (\\d+), duplicates (\\d+), failed (\\d+)(?:, refused (\\d+))?");

    // StringWriter is backed by a StringBuffer: safe to read from the test thread while the loader writes.
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> args;

    private Filler(List<String> args) {
        this.args = args;
    }

    public static Filler with(String... args) {
        return new Filler(List.of(args));
    }

    /** The WebSocket URL of a server on 127.0.0.1, for {@code --url}. */
    public static String url(int port) {
        return "ws://127.0.0.1:" + port + "/";
    }

    /** Runs the loader to its end and returns its exit code. */
    public int run() {
        CommandLine commandLine = FillCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args.toArray(String[]::new));
    }

    /** Starts the loader on its own thread; the task gives its exit code. */
    public FutureTask<Integer> start() {
        var task = new FutureTask<>(this::run);
        Thread.ofPlatform().name("filler-under-test").daemon().start(task);
        return task;
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    /** Both streams, for assertion messages. */
    public String transcript() {
        return "args: " + args + "\n--- stdout:\n" + out() + "--- stderr:\n" + err();
    }

    /** The counts of the final summary line of standard output. */
    public Summary summary() {
        Matcher matcher = summaryLine();
        return new Summary(
                Long.parseLong(matcher.group(1)),
                Long.parseLong(matcher.group(4)),
                Long.parseLong(matcher.group(5)),
                Long.parseLong(matcher.group(6)));
    }

    /** The refused records of an import's summary line ({@code , refused R}). */
    public long refused() {
        String refused = summaryLine().group(7);
        if (refused == null) {
            throw new AssertionError("the summary has no refused count\n" + transcript());
        }
        return Long.parseLong(refused);
    }

    /** The seconds the run took, as its summary line gives them. */
    public double seconds() {
        return Double.parseDouble(summaryLine().group(2));
    }

    private Matcher summaryLine() {
        String[] lines = out().strip().split("\\R", -1);
        Matcher matcher = SUMMARY.matcher(lines[lines.length - 1]);
        if (!matcher.matches()) {
            throw new AssertionError("the last line is not a summary\n" + transcript());
        }
        return matcher;
    }

    /** The counts of {@code N records in X s (Y records/s): inserted I, duplicates D, failed F}. */
    public record Summary(long count, long inserted, long duplicates, long failed) {}

    /** The hex {@code _id}s stored in the collection. */
    public static Set<String> storedIds(MongoCollection<Document> collection) {
        var ids = new HashSet<String>();
        for (Document document : collection.find().projection(Projections.include("_id"))) {
            ids.add(document.getObjectId("_id").toHexString());
        }
        return ids;
    }

    /** The {@code _id}s of records {@code 0..count-1} of the seed. */
    public static Set<String> expectedIds(long seed, int count) {
        var generator = new RecordGenerator(seed);
        var ids = new HashSet<String>();
        for (long i = 0; i < count; i++) {
            ids.add(generator.id(i));
        }
        return ids;
    }
}
