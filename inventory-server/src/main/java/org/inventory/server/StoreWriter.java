package org.inventory.server;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;

import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.bson.RawBsonDocument;
import org.inventory.core.ErrorCode;
import org.inventory.core.InsertResult;
import org.inventory.core.InventoryRepository;
import org.inventory.core.Rejection;

/**
 * Writes the runs of all connections to the store. Runs that wait at the same time are combined into one
 * unordered {@code insertMany} (a group commit), so many connections sending small messages cost few store
 * round trips.
 * A store that is down or too slow makes every message of the write retryable ({@code unavailable}).
 */
final class StoreWriter {
    private static final System.Logger LOG = System.getLogger(StoreWriter.class.getName());

    /** The answer to every message of a write the store could not take now. */
    static final Rejection UNAVAILABLE = Rejection.of(ErrorCode.UNAVAILABLE,
            "the store is unavailable or did not answer in time; send again");

    private final InventoryRepository repository;
    private final IngestMetrics metrics;
    private final int maxRecords;
    private final LinkedBlockingDeque<Request> pending = new LinkedBlockingDeque<>();
    private final List<Thread> writers = new ArrayList<>();

    /** Starts {@code writers} virtual threads, each writing what is pending, up to {@code maxRecords} at once. */
    StoreWriter(InventoryRepository repository, IngestMetrics metrics, int maxRecords, int writers) {
        this.repository = repository;
        this.metrics = metrics;
        this.maxRecords = maxRecords;
        for (int i = 0; i < writers; i++) {
            this.writers.add(Thread.ofVirtual().name("store-writer-" + i).start(this::writeLoop));
        }
    }

    /** Stops the writer threads; called once the connections have been answered. */
    void close() {
        writers.forEach(Thread::interrupt);
    }

    /**
     * Stores the records, combined with whatever else is waiting to be written. The outcome always completes
     * normally: a failed write is an outcome too.
     */
    CompletableFuture<StoreOutcome> submit(List<RawBsonDocument> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(StoreOutcome.of(InsertResult.allInserted(0)));
        }
        var request = new Request(records, new CompletableFuture<>());
        pending.add(request);
        return request.outcome;
    }

    private void writeLoop() {
        try {
            while (true) {
                List<Request> batch = takeBatch();
                var records = new ArrayList<RawBsonDocument>();
                for (Request request : batch) {
                    records.addAll(request.records);
                }
                StoreOutcome outcome = insert(records);
                int offset = 0;
                for (Request request : batch) {
                    request.outcome.complete(outcome.slice(offset, offset + request.records.size()));
                    offset += request.records.size();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The requests waiting now, oldest first, up to {@code maxRecords} records (at least one request). */
    private List<Request> takeBatch() throws InterruptedException {
        var batch = new ArrayList<Request>();
        Request first = pending.take();
        batch.add(first);
        int records = first.records.size();
        for (Request next = pending.pollFirst(); next != null; next = pending.pollFirst()) {
            if (records + next.records.size() > maxRecords) {
                pending.addFirst(next);
                break;
            }
            batch.add(next);
            records += next.records.size();
        }
        return batch;
    }

    private StoreOutcome insert(List<RawBsonDocument> records) {
        long start = System.nanoTime();
        try {
            return StoreOutcome.of(repository.insert(records));
        } catch (MongoException e) {
            if (unavailable(e)) {
                LOG.log(Level.WARNING, "store unavailable: " + e.getMessage());
                return StoreOutcome.failed(UNAVAILABLE);
            }
            LOG.log(Level.ERROR, "store write failed", e);
            return StoreOutcome.failed(Rejection.of(ErrorCode.INTERNAL, "the store refused the write"));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "store write failed", e);
            return StoreOutcome.failed(Rejection.of(ErrorCode.INTERNAL, "the server failed to write"));
        } finally {
            metrics.storeWrite(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static boolean unavailable(MongoException e) {
        return e instanceof MongoTimeoutException || e instanceof MongoSocketException
                || e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException
                || e instanceof MongoExecutionTimeoutException
                || e.hasErrorLabel("RetryableWriteError");
    }

    private record Request(List<RawBsonDocument> records, CompletableFuture<StoreOutcome> outcome) {
    }
}
