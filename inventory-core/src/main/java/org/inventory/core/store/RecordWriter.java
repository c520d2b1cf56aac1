package org.inventory.core.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * Ingest's writes of records: batches inserted unordered (a duplicate {@code _id} is a duplicate, not an error), or in
 * upsert mode conditional replaces by key and version; and, in upsert mode, the {@code _id}s the records were stored
 * under. Every outcome of the store, failures included, is an {@link InsertOutcome}. Thread-safe.
 */
public final class RecordWriter {
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);
    private static final BulkWriteOptions UNORDERED_BULK = new BulkWriteOptions().ordered(false);
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    /** DuplicateKey: in upsert mode, the unique index on the key saying the item is stored with a version not older. */
    private static final int DUPLICATE_KEY = 11000;
    /**
     * ExceededMemoryLimit: a write refused because the store's memory is full, as MongoDB's in-memory storage engine
     * answers it, and as the embedded store does at its bound.
     */
    private static final int STORE_FULL = 146;

    private final MongoCollection<RawBsonDocument> records;

    public RecordWriter(Store store, String collection) {
        // Raw documents: records go out as the parser wrote their bytes.
        this.records = store.database().getCollection(collection, RawBsonDocument.class);
    }

    /**
     * Inserts the records unordered, so that one duplicate {@code _id} does not stop the others. A record
     * whose {@code _id} is already stored (or repeated earlier in the list) is a duplicate, not an error. A
     * store that fails the whole write is an outcome too, never an exception.
     */
    public InsertOutcome insert(List<RawBsonDocument> batch) {
        if (batch.isEmpty()) {
            return InsertOutcome.stored(InsertResult.allInserted(0));
        }
        try {
            records.insertMany(batch, UNORDERED);
            return InsertOutcome.stored(InsertResult.allInserted(batch.size()));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                // Written but not as durably as asked: the client must not be told it is safe.
                return InsertOutcome.failed(InsertOutcome.Failure.UNAVAILABLE, e.getMessage());
            }
            return InsertOutcome.stored(result(batch.size(), e));
        } catch (MongoException e) {
            return InsertOutcome.failed(
                    unavailable(e) ? InsertOutcome.Failure.UNAVAILABLE : InsertOutcome.Failure.REFUSED, e.getMessage());
        }
    }

    /**
     * Upsert mode's write: for each record one conditional replace with upsert, all in one unordered bulk write,
     * with no read before it. The filter holds the record's key and, with a version field, "stored version older
     * than mine": a stored record it matches is replaced (its {@code _id} stays), no stored record of that key
     * means an insert, and a stored record of that key whose version is not older makes the upsert's insert meet
     * the unique index on the key (11000). Only for those records, after the write, one read tells an equal stored
     * version (a duplicate) from a newer one (stale); an older one means another writer inserted the key between
     * our filter and our insert, and the replace is made again. Records of one write are applied in their order,
     * so two of one key count as if sent one after the other. A store that fails the write is an outcome too.
     */
    public InsertOutcome upsert(List<RawBsonDocument> batch, UpsertKey key) {
        var write = new Upsert(batch, key);
        var all = new BitSet();
        all.set(0, batch.size());
        try {
            BitSet open = write.round(all);
            for (int round = 1; !open.isEmpty(); round++) {
                if (round > MAX_UPSERT_ROUNDS) {
                    // Others keep inserting the same keys under us: the client sends again, to the same end.
                    return InsertOutcome.failed(
                            InsertOutcome.Failure.UNAVAILABLE, "upserts kept colliding with others");
                }
                open = write.round(write.settle(open));
            }
        } catch (MongoBulkWriteException e) {
            // Only a write concern error comes here: written, but not as durably as asked.
            return InsertOutcome.failed(InsertOutcome.Failure.UNAVAILABLE, e.getMessage());
        } catch (MongoException e) {
            return InsertOutcome.failed(
                    unavailable(e) ? InsertOutcome.Failure.UNAVAILABLE : InsertOutcome.Failure.REFUSED, e.getMessage());
        }
        return InsertOutcome.stored(write.result());
    }

    /** Rounds of upserts one upsert mode write may take when others insert the same keys at the same time. */
    private static final int MAX_UPSERT_ROUNDS = 5;

    /** One upsert mode write: its records, and what became of each so far. */
    private final class Upsert {
        private final List<RawBsonDocument> batch;
        private final UpsertKey key;
        private final BitSet replaced = new BitSet();
        private final BitSet duplicates = new BitSet();
        private final BitSet stale = new BitSet();
        private final BitSet failures = new BitSet();
        private final BitSet full = new BitSet();
        private String failureMessage;

        Upsert(List<RawBsonDocument> batch, UpsertKey key) {
            this.batch = batch;
            this.key = key;
        }

        /** Writes the records at {@code positions} as one unordered bulk; returns those that met the unique index. */
        BitSet round(BitSet positions) {
            var collided = new BitSet();
            if (positions.isEmpty()) {
                return collided;
            }
            int[] index = positions.stream().toArray();
            var models = new ArrayList<WriteModel<RawBsonDocument>>(index.length);
            for (int i : index) {
                models.add(new ReplaceOneModel<>(key.filter(batch.get(i)), UpsertKey.withoutId(batch.get(i)), UPSERT));
            }
            BulkWriteResult result;
            try {
                result = records.bulkWrite(models, UNORDERED_BULK);
            } catch (MongoBulkWriteException e) {
                if (e.getWriteConcernError() != null) {
                    throw e;
                }
                result = e.getWriteResult();
                for (BulkWriteError error : e.getWriteErrors()) {
                    int i = index[error.getIndex()];
                    if (error.getCode() == DUPLICATE_KEY) {
                        collided.set(i);
                    } else {
                        failures.set(i);
                        full.set(i, error.getCode() == STORE_FULL);
                        if (failureMessage == null) {
                            failureMessage = error.getMessage();
                        }
                    }
                }
            }
            var inserted = new BitSet();
            for (BulkWriteUpsert upsert : result.getUpserts()) {
                inserted.set(index[upsert.getIndex()]);
            }
            for (int i : index) {
                if (!inserted.get(i) && !collided.get(i) && !failures.get(i)) {
                    replaced.set(i);
                }
            }
            return collided;
        }

        /**
         * The records that met the unique index: with a version field, reads the stored versions of their keys
         * and counts each a duplicate (equal) or stale (newer, or of another type); returns those to write again,
         * whose key was inserted by another writer with an older version, or without a version field all of them.
         */
        BitSet settle(BitSet collided) {
            if (key.version().isEmpty()) {
                return collided;
            }
            String field = key.version().get();
            var clauses = new BsonArray();
            collided.stream().forEach(i -> clauses.add(key.keyOf(batch.get(i))));
            var versions = new java.util.HashMap<BsonDocument, BsonValue>();
            for (RawBsonDocument stored :
                    records.find(new BsonDocument("$or", clauses)).projection(key.keyProjection(field))) {
                versions.put(key.keyOf(stored), UpsertKey.valueAt(stored, field));
            }
            var again = new BitSet();
            collided.stream().forEach(i -> {
                RawBsonDocument mine = batch.get(i);
                BsonValue stored = versions.get(key.keyOf(mine));
                int order = stored == null ? -1 : UpsertKey.compareVersions(stored, UpsertKey.valueAt(mine, field));
                if (order == 0) {
                    duplicates.set(i);
                } else if (order > 0) {
                    stale.set(i);
                } else {
                    again.set(i);
                }
            });
            return again;
        }

        InsertResult result() {
            return new InsertResult(batch.size(), duplicates, failures, full, failureMessage, replaced, stale);
        }
    }

    /**
     * The {@code _id}s under which records of an upsert mode write are stored, by position, for those of
     * {@code positions} (their keys are read after the write: upsert mode's records carry no {@code _id} of their own).
     *
     * @throws StoreUnavailableException when the store fails
     */
    public java.util.Map<Integer, BsonValue> storedIds(List<RawBsonDocument> batch, BitSet positions, UpsertKey key) {
        var ids = new java.util.HashMap<Integer, BsonValue>();
        if (positions.isEmpty()) {
            return ids;
        }
        var clauses = new BsonArray();
        var byKey = new java.util.HashMap<BsonDocument, java.util.List<Integer>>();
        positions.stream().forEach(i -> {
            BsonDocument k = key.keyOf(batch.get(i));
            if (!byKey.containsKey(k)) {
                clauses.add(k);
            }
            byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
        });
        BsonDocument filter = clauses.size() == 1 ? clauses.get(0).asDocument() : new BsonDocument("$or", clauses);
        StoreCalls.read(() -> {
            for (RawBsonDocument stored : records.find(filter).projection(key.keyProjection())) {
                for (int i : byKey.getOrDefault(key.keyOf(stored), List.of())) {
                    ids.put(i, stored.get("_id"));
                }
            }
            return null;
        });
        return ids;
    }

    /** The counts from the write errors: {@code getInsertedCount()} is not reliable on every store. */
    private static InsertResult result(int size, MongoBulkWriteException e) {
        var duplicates = new BitSet();
        var failures = new BitSet();
        var full = new BitSet();
        String failureMessage = null;
        for (var error : e.getWriteErrors()) {
            if (duplicateId(error)) {
                duplicates.set(error.getIndex());
            } else {
                failures.set(error.getIndex());
                full.set(error.getIndex(), error.getCode() == STORE_FULL);
                if (failureMessage == null) {
                    failureMessage = error.getMessage();
                }
            }
        }
        return new InsertResult(size, duplicates, failures, full, failureMessage);
    }

    /** A store that cannot take the write now, as opposed to one that refused it: the client may send it again. */
    private static boolean unavailable(MongoException e) {
        return e instanceof MongoTimeoutException
                || e instanceof MongoSocketException
                || e instanceof MongoNotPrimaryException
                || e instanceof MongoNodeIsRecoveringException
                || e instanceof MongoExecutionTimeoutException
                || e.hasErrorLabel("RetryableWriteError");
    }

    /**
     * A duplicate key on the {@code _id} index: the record is already stored. A duplicate on another unique
     * index (one an operator added) means the record was not stored, so it is a failure, not a duplicate.
     */
    private static boolean duplicateId(BulkWriteError error) {
        if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
            return false;
        }
        BsonDocument keyPattern = error.getDetails().getDocument("keyPattern", null);
        if (keyPattern != null) {
            return keyPattern.keySet().equals(java.util.Set.of("_id"));
        }
        return error.getMessage().contains("index: _id_ ");
    }
}
