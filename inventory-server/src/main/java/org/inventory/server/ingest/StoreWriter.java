package org.inventory.server.ingest;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Consumer;
import org.bson.RawBsonDocument;
import org.inventory.core.store.InsertOutcome;
import org.inventory.core.store.InsertResult;
import org.inventory.core.store.RecordWriter;
import org.inventory.core.store.UpsertKey;

/**
 * Writes the runs of all connections to the store. Runs that wait at the same time are combined into one
 * unordered {@code insertMany} (a group commit), so many connections sending small messages cost few store
 * round trips. A store that is down or too slow makes every message of the write retryable ({@code unavailable}).
 */
final class StoreWriter {
    private static final System.Logger LOG = System.getLogger(StoreWriter.class.getName());

    private final RecordWriter writer;
    private final IngestMetrics metrics;
    private final int maxRecords;
    private final Consumer<List<RawBsonDocument>> acknowledged;
    private final Optional<UpsertKey> upsert;
    private final java.util.function.BooleanSupplier listening;
    private final LinkedBlockingDeque<Request> pending = new LinkedBlockingDeque<>();
    private final List<Thread> writers = new ArrayList<>();

    /**
     * Starts {@code writers} virtual threads, each writing what is pending, up to {@code maxRecords} at once.
     * {@code acknowledged} is given the records of each write that the store inserted (not the duplicates, which
     * were inserted before), once it acknowledged them; it must not wait.
     */
    StoreWriter(
            RecordWriter writer,
            IngestMetrics metrics,
            int maxRecords,
            int writers,
            Consumer<List<RawBsonDocument>> acknowledged,
            Optional<UpsertKey> upsert,
            java.util.function.BooleanSupplier listening) {
        this.writer = writer;
        this.metrics = metrics;
        this.maxRecords = maxRecords;
        this.acknowledged = acknowledged;
        this.upsert = upsert;
        this.listening = listening;
        for (int i = 0; i < writers; i++) {
            this.writers.add(Thread.ofVirtual().name("store-writer-" + i).start(this::writeLoop));
        }
    }

    /** Stops the writer threads; called once the connections have been answered. */
    void close() {
        writers.forEach(Thread::interrupt);
    }

    /**
     * Stores the records of these messages, combined with whatever else is waiting to be written; completes with
     * each message's outcome, in order, and always normally: a failed write is an outcome too.
     */
    CompletableFuture<List<StoreOutcome>> submit(List<List<RawBsonDocument>> messages) {
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        var request =
                new Request(messages, messages.stream().mapToInt(List::size).sum(), new CompletableFuture<>());
        pending.add(request);
        return request.outcomes;
    }

    private void writeLoop() {
        try {
            while (true) {
                List<Request> batch = takeBatch();
                var messages = new ArrayList<List<RawBsonDocument>>();
                for (Request request : batch) {
                    messages.addAll(request.messages);
                }
                var write = new CombinedWrite(messages);
                InsertOutcome outcome = insert(write.records());
                if (outcome.failure() == null && acknowledged != null) {
                    publish(write.records(), outcome.result());
                }
                List<StoreOutcome> outcomes = write.split(outcome);
                int next = 0;
                for (Request request : batch) {
                    request.outcomes.complete(outcomes.subList(next, next + request.messages.size()));
                    next += request.messages.size();
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
        int records = first.records;
        for (Request next = pending.pollFirst(); next != null; next = pending.pollFirst()) {
            if (records + next.records > maxRecords) {
                pending.addFirst(next);
                break;
            }
            batch.add(next);
            records += next.records;
        }
        return batch;
    }

    /**
     * Hands on the records the store stored, in order; a failure there must not cost the writers their replies. In
     * upsert mode the records carry no {@code _id} of theirs: the stored ones are read after the write.
     */
    private void publish(List<RawBsonDocument> records, InsertResult result) {
        var stored = new ArrayList<RawBsonDocument>(records.size());
        try {
            if (result.upsert()) {
                if (!listening.getAsBoolean()) {
                    return; // nobody to send them to: no read for their _ids
                }
                var positions = new java.util.BitSet();
                for (int i = 0; i < records.size(); i++) {
                    positions.set(i, result.inserted(i) || result.replaced().get(i));
                }
                java.util.Map<Integer, org.bson.BsonValue> ids =
                        writer.storedIds(records, positions, upsert.orElseThrow());
                positions.stream()
                        .filter(ids::containsKey)
                        .forEach(i -> stored.add(UpsertKey.withId(UpsertKey.withoutId(records.get(i)), ids.get(i))));
            } else {
                for (int i = 0; i < records.size(); i++) {
                    if (result.inserted(i)) {
                        stored.add(records.get(i));
                    }
                }
            }
            acknowledged.accept(stored);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "publishing acknowledged records failed", e);
        }
    }

    private InsertOutcome insert(List<RawBsonDocument> records) {
        long start = System.nanoTime();
        try {
            InsertOutcome outcome = upsert.isPresent() ? writer.upsert(records, upsert.get()) : writer.insert(records);
            if (outcome.failure() == InsertOutcome.Failure.UNAVAILABLE) {
                LOG.log(Level.WARNING, "store unavailable: " + outcome.detail());
            } else if (outcome.failure() != null) {
                LOG.log(Level.ERROR, "store write failed: " + outcome.detail());
            }
            return outcome;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "store write failed", e);
            return InsertOutcome.failed(InsertOutcome.Failure.REFUSED, e.toString());
        } finally {
            metrics.storeWrite(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** One connection's run: its accepted messages' records, how many in all, and their outcomes to come. */
    private record Request(
            List<List<RawBsonDocument>> messages, int records, CompletableFuture<List<StoreOutcome>> outcomes) {}
}
