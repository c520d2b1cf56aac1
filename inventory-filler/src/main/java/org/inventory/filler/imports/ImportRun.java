package org.inventory.filler.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.inventory.filler.client.IngestClient;
import org.inventory.filler.client.IngestOptions;
import org.inventory.filler.client.LoadResult;
import org.inventory.filler.client.Tally;
import org.inventory.filler.progress.Meter;
import org.inventory.filler.progress.Progress;

/**
 * A run of {@code --file}: the file's records through the record rules, then to the server (or, with
 * {@code --dry-run}, nowhere); then the account: the refused records by line and the summary with
 * {@code , refused R}. It succeeds only when every record read was acknowledged (or, in a dry run, keeps the rules).
 */
public final class ImportRun {
    private final IngestOptions options;
    private final ImportFile source;
    private final boolean stopOnError;
    private final boolean dryRun;
    private final boolean quiet;
    private final ParseGrace grace;

    public ImportRun(
            IngestOptions options,
            ImportFile source,
            boolean stopOnError,
            boolean dryRun,
            boolean quiet,
            ParseGrace grace) {
        this.grace = grace;
        this.options = options;
        this.source = source;
        this.stopOnError = stopOnError;
        this.dryRun = dryRun;
        this.quiet = quiet;
    }

    /**
     * Imports the file and prints the account: the refused records on {@code err}, the summary on {@code out}.
     * Returns why the import failed, when it did.
     */
    public Optional<String> run(PrintWriter out, PrintWriter err) throws InterruptedException {
        String file = source.name();
        var tally = new Tally(Tally.REPORTED_RECORDS);
        var bytesRead = new AtomicLong();
        long start = System.nanoTime();
        Optional<String> failure;
        long records;
        try (InputStream in = source.open(bytesRead);
                var progress =
                        Progress.start(new Meter.Bytes(source.size(), bytesRead::get, tally), err, quiet || dryRun)) {
            var feed = new FileFeed(
                    file, RecordReader.of(source.type(), in, grace), options.batchSize(), stopOnError, tally);
            if (dryRun) {
                while (feed.next() != null) {
                    // Each record is checked as it is read; nothing is sent.
                }
                failure = Optional.empty();
            } else {
                failure = new IngestClient(options, tally, progress)
                        .send(Collections.nCopies(options.connections(), feed));
            }
            failure = failure.or(feed::failure);
            if (failure.isEmpty() && feed.halted()) {
                failure = Optional.of("stopped at the first refused record (--stop-on-error)");
            }
            records = feed.records();
        } catch (IOException e) {
            // Before the first record: an unreadable start (a CSV header line that cannot name the fields, ...).
            failure = Optional.of(file + " cannot be read: " + e.getMessage());
            records = 0;
        }
        var result = LoadResult.of(records, Duration.ofNanos(System.nanoTime() - start), tally, failure);
        result.refusals().forEach(err::println);
        if (result.refused() > result.refusals().size()) {
            err.println("... and " + (result.refused() - result.refusals().size()) + " more refused records");
        }
        if (records == 0 && failure.isEmpty()) {
            err.println("note: " + file + " holds no records");
        }
        err.flush();
        out.println(dryRun ? result.dryRunSummary() : result.importSummary());
        out.flush();
        Optional<String> reason = failure;
        if (reason.isEmpty() && result.refused() > 0) {
            reason = Optional.of(result.refused() + " of " + result.count() + " records were refused (see above)");
        }
        if (reason.isEmpty() && !dryRun && !result.complete()) {
            reason = result.reason();
        }
        return reason;
    }
}
