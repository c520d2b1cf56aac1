package org.inventory.filler;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLSocketFactory;
import org.inventory.filler.client.Durations;
import org.inventory.filler.client.IngestOptions;
import org.inventory.filler.generate.GenerateRun;
import org.inventory.filler.imports.FileType;
import org.inventory.filler.imports.ImportFile;
import org.inventory.filler.imports.ImportRun;
import org.inventory.filler.imports.ParseGrace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** The loader's command line (docs/loader.md): options, then the load, then the summary and the exit code. */
@Command(
        name = "inventory-filler",
        customSynopsis = {
            "java -jar inventory-filler.jar --count=N [--url=URL] [OPTIONS]",
            "java -jar inventory-filler.jar --file=PATH|- [--type=ndjson|json|csv] [--url=URL] [OPTIONS]"
        },
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
            "With --file it imports a file (or standard input) of NDJSON, JSON or CSV instead, each record"
                    + " checked by the server's own rules first and given an _id if it has none; a refused record"
                    + " is reported as 'line L: code path message' and the others go on.",
            "",
            "Progress goes to standard error (a bar on a terminal, a line every 2 s otherwise); the seed and"
                    + " the summary go to standard output:",
            "  N records in X s (Y records/s): inserted I, duplicates D, failed F[, refused R]",
            "  (from a server in upsert mode: inserted I, replaced P, duplicates D, stale T, failed F)",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every record was acknowledged (inserted or duplicate; in upsert mode also replaced or stale)",
            "1:some records were not: refused, the file unreadable past some line, or no progress within --timeout",
            "2:invalid options, or a --file that does not exist or is a directory"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  java -jar inventory-filler.jar --count 100000",
            "  java -jar inventory-filler.jar --count 1000000 --connections 4 \\",
            "      --batch-size 500 --url ws://inventory:8080/",
            "  java -jar inventory-filler.jar --count 5000 --batch-size 1 --seed 42",
            "  java -jar inventory-filler.jar --file export.ndjson.gz --connections 2",
            "  java -jar inventory-filler.jar --file stock.csv --dry-run",
            "  some-program | java -jar inventory-filler.jar --file - --type ndjson"
        })
public final class FillCommand implements Callable<Integer> {
    static final int MAX_BATCH_SIZE = 1000;
    static final int MAX_CONNECTIONS = 1000;
    static final int MAX_WINDOW = 10_000;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "Number of records to generate and send (at least 1). Either this or --file.")
    private Integer count;

    @Option(
            names = "--file",
            paramLabel = "PATH",
            description = "Import this file instead of generating records; - for standard input. A name ending in .gz"
                    + " is decompressed (standard input: when it starts as gzip does).")
    private String file;

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            description = "With --file: ndjson (one object per line), json (an array of objects, or objects one after"
                    + " another) or csv (a header line naming the fields). Default: from the name (.ndjson, .jsonl,"
                    + " .json, .csv, each maybe .gz); ndjson for standard input.")
    private FileType type;

    @Option(
            names = "--stop-on-error",
            description = "With --file: stop at the first refused record (what is in flight is still answered).")
    private boolean stopOnError;

    @Option(
            names = "--parse-grace",
            paramLabel = "GRACE",
            defaultValue = "stop",
            converter = ParseGraceConverter.class,
            description = "With --file and a CSV whose header types its columns (quantity.int32()): what becomes of"
                    + " a cell that is not of its column's type: stop (the import stops, naming line, column and"
                    + " value), skip-field (the field is left out) or skip-row (the row is refused and skipped)."
                    + "%nDefault: ${DEFAULT-VALUE}")
    private ParseGrace parseGrace;

    @Option(
            names = "--dry-run",
            description = "With --file: check every record with the server's rules, report the refused ones, send"
                    + " nothing.")
    private boolean dryRun;

    @Option(
            names = "--url",
            paramLabel = "URL",
            defaultValue = "ws://localhost:8080/",
            description = "Ingest endpoint, ws:// or wss://.%nDefault: ${DEFAULT-VALUE}")
    private URI url;

    @Option(
            names = "--ca-file",
            paramLabel = "PEM",
            description = "For wss://: trust only the CA certificates in this PEM file (a private CA)."
                    + " Default: the JDK's trust store.")
    private Path caFile;

    @Option(
            names = "--client-cert",
            paramLabel = "PEM",
            description = "For wss:// to a server that requires client certificates (mutual TLS): this certificate"
                    + " chain (PEM), with --client-key.")
    private Path clientCert;

    @Option(
            names = "--client-key",
            paramLabel = "PEM",
            description = "The PKCS#8 RSA or EC private key (PEM, unencrypted) of --client-cert.")
    private Path clientKey;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "100",
            description = "Records per message, 1-" + MAX_BATCH_SIZE + "; 1 sends each record as a single object"
                    + " instead of an array. Default: ${DEFAULT-VALUE}")
    private int batchSize;

    @Option(
            names = "--connections",
            paramLabel = "N",
            defaultValue = "1",
            description = "WebSocket connections to send over, 1-" + MAX_CONNECTIONS
                    + "; each sends its own contiguous share of the records. Default: ${DEFAULT-VALUE}")
    private int connections;

    @Option(
            names = "--window",
            paramLabel = "N",
            defaultValue = "16",
            description = "Messages in flight (sent, not yet answered) per connection, 1-" + MAX_WINDOW
                    + ". Default: ${DEFAULT-VALUE}")
    private int window;

    @Option(
            names = "--rate",
            paramLabel = "RECORDS_PER_S",
            defaultValue = "0",
            description = "Most records per second over all connections; 0 for no cap. Default: ${DEFAULT-VALUE}")
    private int rate;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            description = "Seed of the generated records; the same seed gives the same records (and _ids)."
                    + " Default: a random one, printed at the end so the run can be repeated.")
    private Long seed;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            defaultValue = "${env:INGEST_TOKEN}",
            description = "Bearer token for a server that requires one. Default: the INGEST_TOKEN environment"
                    + " variable, if set.")
    private String token;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Give up when no record is acknowledged for this long: server unreachable, store down,"
                    + " no replies (e.g. 30s, 500ms, 2m). Default: ${DEFAULT-VALUE}")
    private Duration timeout;

    @Option(
            names = {"-q", "--quiet"},
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
                .setCaseInsensitiveEnumValuesAllowed(true)
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

    /** Checks the options, then runs the load or the import; a run that did not succeed ends in its reason (exit 1). */
    @Override
    public Integer call() throws Exception {
        IngestOptions options = validatedOptions();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> failure;
        if (file != null) {
            Optional<String> missing = missingFile();
            if (missing.isPresent()) {
                err.println(spec.commandLine().getCommandName() + ": " + missing.get());
                err.flush();
                return CommandLine.ExitCode.USAGE;
            }
            failure = new ImportRun(options, new ImportFile(file, fileType()), stopOnError, dryRun, quiet, parseGrace)
                    .run(out, err);
        } else {
            long seed =
                    this.seed != null ? this.seed : ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
            failure = new GenerateRun(options, count, seed, quiet).run(out, err);
        }
        if (failure.isPresent()) {
            throw new FillFailedException(failure.get());
        }
        return CommandLine.ExitCode.OK;
    }

    /** Why {@code --file} cannot be opened, in one line, when it is a path that is not a readable file. */
    private Optional<String> missingFile() {
        if (file.equals(ImportFile.STDIN)) {
            return Optional.empty();
        }
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            return Optional.of("no such file: " + file);
        }
        if (Files.isDirectory(path)) {
            return Optional.of(file + " is a directory, not a file");
        }
        if (!Files.isReadable(path)) {
            return Optional.of(file + " cannot be read (permission denied)");
        }
        return Optional.empty();
    }

    private FileType fileType() {
        if (type != null) {
            return type;
        }
        if (file.equals(ImportFile.STDIN)) {
            return FileType.NDJSON;
        }
        return FileType.fromName(file)
                .orElseThrow(() -> new ParameterException(
                        spec.commandLine(),
                        "Cannot tell the type of '" + file + "' from its name; give --type ndjson, json or csv"));
    }

    /** Checks what picocli's types cannot; a bad value is a usage error (exit 2) with picocli's message. */
    private IngestOptions validatedOptions() {
        if ((count == null) == (file == null)) {
            throw new ParameterException(
                    spec.commandLine(),
                    count == null
                            ? "Missing option: either --count (generate records) or --file (import them)"
                            : "--count and --file cannot be used together: generate records, or import a file");
        }
        if (count != null) {
            requireRange("--count", count, 1, Integer.MAX_VALUE);
            for (var fileOnly : new Object[][] {
                {"--type", type != null},
                {"--stop-on-error", stopOnError},
                {"--dry-run", dryRun},
                {"--parse-grace", parseGrace != ParseGrace.STOP}
            }) {
                if ((boolean) fileOnly[1]) {
                    throw new ParameterException(spec.commandLine(), fileOnly[0] + " applies to --file only");
                }
            }
        } else if (seed != null) {
            throw new ParameterException(spec.commandLine(), "--seed applies to generated records (--count) only");
        }
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
        return new IngestOptions(
                url,
                Optional.ofNullable(token).filter(t -> !t.isBlank()),
                batchSize,
                connections,
                window,
                rate,
                timeout,
                tlsSockets(scheme.equals("wss")));
    }

    /** The TLS sockets of a wss:// URL; the TLS options are refused with a ws:// one, and alone where they go in pairs. */
    private Optional<SSLSocketFactory> tlsSockets(boolean wss) {
        if (!wss) {
            for (var option :
                    new Object[][] {{"--ca-file", caFile}, {"--client-cert", clientCert}, {"--client-key", clientKey}
                    }) {
                if (option[1] != null) {
                    throw new ParameterException(spec.commandLine(), option[0] + " applies to wss:// URLs only");
                }
            }
            return Optional.empty();
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new ParameterException(spec.commandLine(), "--client-cert and --client-key go together: give both");
        }
        try {
            return Optional.of(ClientTls.sockets(
                    Optional.ofNullable(caFile), Optional.ofNullable(clientCert), Optional.ofNullable(clientKey)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(option, Long.toString(value), max == Integer.MAX_VALUE ? "at least " + min : min + "-" + max);
        }
    }

    private ParameterException invalid(String option, String value, String expected) {
        return new ParameterException(
                spec.commandLine(), "Invalid value for option '" + option + "': '" + value + "'; expected " + expected);
    }

    /** Prints a runtime failure as one line, its message, without a stack trace; exit code 1. */
    static final class PrintMessage implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
            String message = e.getMessage();
            PrintWriter err = commandLine.getErr();
            err.println(commandLine
                    .getColorScheme()
                    .errorText(commandLine.getCommandName() + ": " + (message == null ? e.toString() : message)));
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
    }

    /** The picocli converter for duration options ({@link Durations#parse}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
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

    /** Reads {@code --parse-grace}: stop, skip-field or skip-row. */
    static final class ParseGraceConverter implements CommandLine.ITypeConverter<ParseGrace> {
        @Override
        public ParseGrace convert(String value) {
            try {
                return ParseGrace.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
