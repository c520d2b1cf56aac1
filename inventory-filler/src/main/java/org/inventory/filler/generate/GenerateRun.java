package org.inventory.filler.generate;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.inventory.filler.client.Feed;
import org.inventory.filler.client.IngestClient;
import org.inventory.filler.client.IngestOptions;
import org.inventory.filler.client.LoadResult;
import org.inventory.filler.client.Tally;
import org.inventory.filler.progress.Meter;
import org.inventory.filler.progress.Progress;

/**
 * A run of {@code --count N}: records {@code 0..N-1} of the seed, made again from their numbers whenever sent, split
 * into one contiguous {@link Partition} per connection; then the account: the refused messages, the notes on
 * retries, the seed and the summary.
 */
public final class GenerateRun {
    private final IngestOptions options;
    private final int count;
    private final long seed;
    private final boolean quiet;

    public GenerateRun(IngestOptions options, int count, long seed, boolean quiet) {
        this.options = options;
        this.count = count;
        this.seed = seed;
        this.quiet = quiet;
    }

    /**
     * Sends the records and prints the account: what went wrong on {@code err}, the seed and the summary on
     * {@code out}. Returns why not every record was acknowledged, when not.
     */
    public Optional<String> run(PrintWriter out, PrintWriter err) throws InterruptedException {
        var generator = new RecordGenerator(seed);
        var tally = new Tally();
        LoadResult result;
        try (var progress = Progress.start(new Meter.Records(count, tally), err, quiet)) {
            var records = new GeneratedRecords(generator);
            List<Feed> feeds = Partition.split(count, options.connections()).stream()
                    .<Feed>map(partition -> new PartitionFeed(partition, options.batchSize(), records))
                    .toList();
            long start = System.nanoTime();
            Optional<String> failure = new IngestClient(options, tally, progress).send(feeds);
            result = LoadResult.of(count, Duration.ofNanos(System.nanoTime() - start), tally, failure);
        }
        result.refusals().forEach(err::println);
        if (result.refusedMessages() > result.refusals().size()) {
            err.println(
                    "... and " + (result.refusedMessages() - result.refusals().size()) + " more refused messages");
        }
        if (!quiet && (result.retried() > 0 || result.reconnects() > 0)) {
            err.println("retried " + result.retried() + " messages after retryable errors; reconnected "
                    + result.reconnects() + " times");
        }
        err.flush();
        out.println("seed " + seed + " (--seed " + seed + " sends the same records again)");
        out.println(result.summary());
        out.flush();
        return result.reason();
    }
}
