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
 * The records are split into one contiguous {@link Partition} per connection, each sent by its own
 * {@link Lane}. When one lane gives up (the server gone for longer than the timeout, a refused token),
 * the others are stopped too: they would meet the same fate, and the user wants the answer now.
 */
final class IngestClient {
    private final IngestOptions options;
    private final RecordGenerator generator;
    private final Tally tally;
    private final Progress progress;

    IngestClient(IngestOptions options, RecordGenerator generator, Tally tally, Progress progress) {
        this.options = options;
        this.generator = generator;
        this.tally = tally;
        this.progress = progress;
    }

    /** Sends records {@code 0..count-1} and returns when all are answered or the client gave up. */
    LoadResult load(long count) throws InterruptedException {
        long start = System.nanoTime();
        var rateLimiter = RateLimiter.of(options.rate());
        List<Lane> lanes = new ArrayList<>();
        for (Partition partition : Partition.split(count, options.connections())) {
            lanes.add(new Lane(lanes.size() + 1, partition, options, generator, rateLimiter, tally, progress));
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
        return LoadResult.of(count, Duration.ofNanos(System.nanoTime() - start), tally, failure);
    }
}
