package org.inventory.core;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
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
     * whose {@code _id} is already stored (or repeated earlier in the list) is a duplicate, not an error.
     *
     * @throws com.mongodb.MongoException when the store is unreachable or fails the whole write
     */
    public InsertResult insert(List<RawBsonDocument> batch) {
        if (batch.isEmpty()) {
            return InsertResult.allInserted(0);
        }
        try {
            records.insertMany(batch, UNORDERED);
            return InsertResult.allInserted(batch.size());
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                // Written but not as durably as asked: the client must not be told it is safe.
                throw e;
            }
            // Derive the counts from the write errors: getInsertedCount() is not reliable on every store.
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
            return new InsertResult(batch.size(), duplicates, failures, failureMessage);
        }
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
        return records.find().sort(BY_ID).skip((int) skip).limit(size).into(new ArrayList<>(size));
    }

    /** Up to {@code size} records whose {@code _id} follows {@code after}: a range scan on the {@code _id} index. */
    public List<RawBsonDocument> after(ObjectId after, int size) {
        return records.find(Filters.gt("_id", after)).sort(BY_ID).limit(size).into(new ArrayList<>(size));
    }

    /** The collection's size from its metadata: no scan, but an estimate after an unclean shutdown. */
    public long estimatedCount() {
        return records.estimatedDocumentCount();
    }

    /** Throws when the store does not answer a ping. */
    public void ping() {
        store.database().runCommand(new BsonDocument("ping", new org.bson.BsonInt32(1)));
    }
}
