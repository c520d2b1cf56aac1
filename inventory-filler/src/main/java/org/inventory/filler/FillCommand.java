package org.inventory.filler;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** The loader's command line (README, Loader): options, then the load, then the summary and the exit code. */
@Command(name = "inventory-filler",
        customSynopsis = "java -jar inventory-filler.jar --count=N [--url=URL] [OPTIONS]",
        mixinStandardHelpOptions = true,
        versionProvider = FillCommand.ManifestVersion.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Generates realistic inventory records and streams them to the inventory service's WebSocket ingest"
                        + " endpoint, waiting for every reply.",
                "",
                "Records are fixed by --seed and their number, each with its own _id, so a run can be repeated"
                        + " exactly and a record sent twice is stored once (the server counts it as a duplicate)."
                        + " Retryable errors are retried with backoff; a dropped connection is opened again and"
                        + " whatever was not acknowledged is sent again.",
                "",
                "Progress goes to standard error (a bar on a terminal, a line every 2 s otherwise); the seed and"
                        + " the summary go to standard output:",
                "  N records in X s (Y records/s): inserted I, duplicates D, failed F",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every record was acknowledged (inserted or duplicate)",
                "1:some records were not: refused by the server, or no progress within --timeout",
                "2:invalid options"},
        footerHeading = "%nExamples:%n",
        footer = {
                "  java -jar inventory-filler.jar --count 100000",
                "  java -jar inventory-filler.jar --count 1000000 --connections 4 \\",
                "      --batch-size 500 --url ws://inventory:8080/",
                "  java -jar inventory-filler.jar --count 5000 --batch-size 1 --seed 42"})
public final class FillCommand implements Callable<Integer> {
    static final int MAX_BATCH_SIZE = 1000;
    static final int MAX_CONNECTIONS = 1000;
    static final int MAX_WINDOW = 10_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--count", required = true, paramLabel = "N",
            description = "Number of records to send (at least 1).")
    private int count;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "ws://localhost:8080/",
            description = "Ingest endpoint, ws:// or wss://.%nDefault: ${DEFAULT-VALUE}")
    private URI url;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "100",
            description = "Records per message, 1-" + MAX_BATCH_SIZE + "; 1 sends each record as a single object"
                    + " instead of an array. Default: ${DEFAULT-VALUE}")
    private int batchSize;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "1",
            description = "WebSocket connections to send over, 1-" + MAX_CONNECTIONS
                    + "; each sends its own contiguous share of the records. Default: ${DEFAULT-VALUE}")
    private int connections;

    @Option(names = "--window", paramLabel = "N", defaultValue = "16",
            description = "Messages in flight (sent, not yet answered) per connection, 1-" + MAX_WINDOW
                    + ". Default: ${DEFAULT-VALUE}")
    private int window;

    @Option(names = "--rate", paramLabel = "RECORDS_PER_S", defaultValue = "0",
            description = "Most records per second over all connections; 0 for no cap. Default: ${DEFAULT-VALUE}")
    private int rate;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Seed of the generated records; the same seed gives the same records (and _ids)."
                    + " Default: a random one, printed at the end so the run can be repeated.")
    private Long seed;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:INGEST_TOKEN}",
            description = "Bearer token for a server that requires one. Default: the INGEST_TOKEN environment"
                    + " variable, if set.")
    private String token;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = Durations.Converter.class,
            description = "Give up when no record is acknowledged for this long: server unreachable, store down,"
                    + " no replies (e.g. 30s, 500ms, 2m). Default: ${DEFAULT-VALUE}")
    private Duration timeout;

    @Option(names = {"-q", "--quiet"},
            description = "No progress and no notes on retries; only the summary and errors.")
    private boolean quiet;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line as {@code main} runs it: a usage error prints picocli's message and a pointer to
     * {@code --help} (exit 2); a runtime failure prints only its message (exit 1).
     */
    public static CommandLine commandLine() {
        return new CommandLine(new FillCommand())
                .setParameterExceptionHandler(FillCommand::usageError)
                .setExecutionExceptionHandler(new PrintMessage());
    }

    /** picocli's message without the whole help, which would bury it. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getColorScheme().errorText(e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try --help for the options.");
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public Integer call() throws Exception {
        IngestOptions options = validatedOptions();
        long seed = this.seed != null ? this.seed : ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var generator = new RecordGenerator(seed);
        var tally = new Tally();
        LoadResult result;
        try (var progress = Progress.start(tally, count, err, quiet)) {
            result = new IngestClient(options, tally, progress).load(count, generator);
        }
        result.refusals().forEach(err::println);
        if (result.refusedMessages() > result.refusals().size()) {
            err.println("... and " + (result.refusedMessages() - result.refusals().size()) + " more refused messages");
        }
        if (!quiet && (result.retried() > 0 || result.reconnects() > 0)) {
            err.println("retried " + result.retried() + " messages after retryable errors; reconnected "
                    + result.reconnects() + " times");
        }
        err.flush();
        out.println("seed " + seed + " (--seed " + seed + " sends the same records again)");
        out.println(result.summary());
        out.flush();
        Optional<String> reason = result.reason();
        if (reason.isPresent()) {
            throw new FillFailedException(reason.get());
        }
        return CommandLine.ExitCode.OK;
    }

    /** Checks what picocli's types cannot; a bad value is a usage error (exit 2) with picocli's message. */
    private IngestOptions validatedOptions() {
        requireRange("--count", count, 1, Integer.MAX_VALUE);
        requireRange("--batch-size", batchSize, 1, MAX_BATCH_SIZE);
        requireRange("--connections", connections, 1, MAX_CONNECTIONS);
        requireRange("--window", window, 1, MAX_WINDOW);
        requireRange("--rate", rate, 0, Integer.MAX_VALUE);
        if (timeout.isNegative() || timeout.isZero()) {
            throw invalid("--timeout", timeout.toString(), "a positive duration such as 30s");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("ws") || scheme.equals("wss")) || url.getHost() == null) {
            throw invalid("--url", url.toString(), "a WebSocket URL such as ws://localhost:8080/");
        }
        return new IngestOptions(url, Optional.ofNullable(token).filter(t -> !t.isBlank()), batchSize, connections,
                window, rate, timeout);
    }

    private void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(option, Long.toString(value), max == Integer.MAX_VALUE ? "at least " + min : min + "-" + max);
        }
    }

    private ParameterException invalid(String option, String value, String expected) {
        return new ParameterException(spec.commandLine(),
                "Invalid value for option '" + option + "': '" + value + "'; expected " + expected);
    }

    /** Prints a runtime failure as one line, its message, without a stack trace; exit code 1. */
    static final class PrintMessage implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
            String message = e.getMessage();
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getColorScheme().errorText(commandLine.getCommandName() + ": "
                    + (message == null ? e.toString() : message)));
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
    }

    /** The version from the jar's manifest ({@code Implementation-Version}); "development build" outside a jar. */
    static final class ManifestVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FillCommand.class.getPackage().getImplementationVersion();
            return new String[] {"inventory-filler " + (version == null ? "(development build)" : version)};
        }
    }
}
