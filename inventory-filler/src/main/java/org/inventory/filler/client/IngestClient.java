package org.inventory.filler.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executors;

/**
 * Sends records to the ingest endpoint over one or more WebSocket connections and waits for every reply.
 * Each connection is a {@link Lane} with a {@link Feed} of messages: generated records are split into one
 * contiguous share per connection, a file's records are handed out in the order read to whichever
 * connection has room. When one lane gives up (the server gone for longer than the timeout, a refused token),
 * the others are stopped too: they would meet the same fate, and the user wants the answer now.
 */
public final class IngestClient {
    private final IngestOptions options;
    private final Tally tally;
    private final Notes notes;

    public IngestClient(IngestOptions options, Tally tally, Notes notes) {
        this.options = options;
        this.tally = tally;
        this.notes = notes;
    }

    /**
     * Sends what {@code feeds} hand out, one connection per feed (a feed may serve several), and returns when all
     * is answered, or why it gave up.
     */
    public Optional<String> send(List<Feed> feeds) throws InterruptedException {
        var rateLimiter = RateLimiter.of(options.rate());
        List<Lane> lanes = new ArrayList<>();
        for (Feed feed : feeds) {
            lanes.add(new Lane(lanes.size() + 1, feed, options, rateLimiter, tally, notes));
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
