package org.inventory.core.store;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Supplier;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/** The records in MongoDB: batched inserts, pages by number or after an {@code _id}, counts. Thread-safe. */
public final class InventoryRepository {
    private static final Bson BY_ID = Sorts.ascending("_id");
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

    private final Store store;
    private final MongoCollection<RawBsonDocument> records;

    public InventoryRepository(Store store, String collection) {
        this.store = store;
        // Raw documents both ways: records go out as the parser wrote their bytes and come back undecoded.
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
            return InsertOutcome.failed(unavailable(e) ? InsertOutcome.Failure.UNAVAILABLE : InsertOutcome.Failure.REFUSED,
                    e.getMessage());
        }
    }

    /** The counts from the write errors: {@code getInsertedCount()} is not reliable on every store. */
    private static InsertResult result(int size, MongoBulkWriteException e) {
        var duplicates = new BitSet();
        var failures = new BitSet();
        String failureMessage = null;
        for (var error : e.getWriteErrors()) {
            if (duplicateId(error)) {
                duplicates.set(error.getIndex());
            } else {
                failures.set(error.getIndex());
                if (failureMessage == null) {
                    failureMessage = error.getMessage();
                }
            }
        }
        return new InsertResult(size, duplicates, failures, failureMessage);
    }

    /** A store that cannot take the write now, as opposed to one that refused it: the client may send it again. */
    private static boolean unavailable(MongoException e) {
        return e instanceof MongoTimeoutException || e instanceof MongoSocketException
                || e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException
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

    /** Page {@code number} (1-based) of {@code size} records in {@code _id} order. */
    public List<RawBsonDocument> page(int number, int size) {
        long skip = (long) (number - 1) * size;
        if (skip > Integer.MAX_VALUE) {
            // Further than the driver can skip, and so further than any collection we could page through.
            return List.of();
        }
        return read(() -> records.find().sort(BY_ID).skip((int) skip).limit(size).into(new ArrayList<>(size)));
    }

    /** Up to {@code size} records whose {@code _id} follows {@code after}: a range scan on the {@code _id} index. */
    public List<RawBsonDocument> after(ObjectId after, int size) {
        return read(() -> records.find(Filters.gt("_id", after)).sort(BY_ID).limit(size).into(new ArrayList<>(size)));
    }

    /** The collection's size from its metadata: no scan, but an estimate after an unclean shutdown. */
    public long estimatedCount() {
        return read(records::estimatedDocumentCount);
    }

    /** Throws {@link StoreUnavailableException} when the store does not answer a ping. */
    public void ping() {
        read(() -> store.database().runCommand(new BsonDocument("ping", new org.bson.BsonInt32(1))));
    }

    /** A read whose store failure becomes this package's own exception, so callers need not know the driver. */
    private static <T> T read(Supplier<T> query) {
        try {
            return query.get();
        } catch (MongoException e) {
            throw new StoreUnavailableException("the store is unavailable: " + e.getMessage(), e);
        }
    }
}
