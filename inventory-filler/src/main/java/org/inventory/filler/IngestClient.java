package org.inventory.filler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executors;

/**
 * Sends records to the ingest endpoint over one or more WebSocket connections and waits for every reply.
 * Each connection is a {@link Lane} with a {@link Feed} of messages: generated records are split into one
 * contiguous {@link Partition} per connection, a file's records are handed out in the order read to whichever
 * connection has room. When one lane gives up (the server gone for longer than the timeout, a refused token),
 * the others are stopped too: they would meet the same fate, and the user wants the answer now.
 */
final class IngestClient {
    private final IngestOptions options;
    private final Tally tally;
    private final Progress progress;

    IngestClient(IngestOptions options, Tally tally, Progress progress) {
        this.options = options;
        this.tally = tally;
        this.progress = progress;
    }

    /** Sends generated records {@code 0..count-1} and returns when all are answered or the client gave up. */
    LoadResult load(long count, RecordGenerator generator) throws InterruptedException {
        var records = new GeneratedRecords(generator);
        List<Feed> feeds = Partition.split(count, options.connections()).stream()
                .<Feed>map(partition -> new PartitionFeed(partition, options.batchSize(), records)).toList();
        long start = System.nanoTime();
        Optional<String> failure = send(feeds);
        return LoadResult.of(count, Duration.ofNanos(System.nanoTime() - start), tally, failure);
    }

    /**
     * Sends what {@code feeds} hand out, one connection per feed (a feed may serve several), and returns when all
     * is answered, or why it gave up.
     */
    Optional<String> send(List<Feed> feeds) throws InterruptedException {
        var rateLimiter = RateLimiter.of(options.rate());
        List<Lane> lanes = new ArrayList<>();
        for (Feed feed : feeds) {
            lanes.add(new Lane(lanes.size() + 1, feed, options, rateLimiter, tally, progress));
        }
        Optional<String> failure = Optional.empty();
        // One virtual thread per lane: each mostly waits for its replies.
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var finished = new ExecutorCompletionService<Optional<String>>(executor);
            for (Lane lane : lanes) {
                finished.submit(lane::run);
            }
            for (int i = 0; i < lanes.size(); i++) {
                Optional<String> laneFailure;
                try {
                    laneFailure = finished.take().get();
                } catch (InterruptedException e) {
                    // Closing the executor waits for the lanes: have them stop now rather than at their timeout.
                    lanes.forEach(lane -> lane.abort("interrupted"));
                    throw e;
                } catch (ExecutionException e) {
                    // A bug in a lane, not a condition of the network: stop the others and let it surface.
                    lanes.forEach(lane -> lane.abort("stopped because another connection failed"));
                    throw new IllegalStateException("a connection failed unexpectedly: " + e.getCause(), e.getCause());
                }
                if (laneFailure.isPresent() && failure.isEmpty()) {
                    failure = laneFailure;
                    lanes.forEach(lane -> lane.abort("stopped because another connection gave up"));
                }
            }
        }
        return failure;
    }
}
