package org.inventory.core.store;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.RawBsonDocument;
import org.inventory.core.query.IndexSpec;

/**
 * The store's administration, as the service does it: the records' indexes (the operator's, and the unique key of
 * upsert mode), whether the store answers, how much room it has, and whether it offers change streams. Nothing here
 * reads or writes a record. Thread-safe.
 */
public final class StoreAdmin {
    /** IndexOptionsConflict, IndexKeySpecsConflict: the store has an index on these keys already, made otherwise. */
    private static final Set<Integer> INDEX_CONFLICT = Set.of(85, 86);

    private final Store store;
    private final MongoCollection<RawBsonDocument> records;

    public StoreAdmin(Store store, String collection) {
        this.store = store;
        this.records = store.database().getCollection(collection, RawBsonDocument.class);
    }

    /**
     * Creates each index unless the store has it. One whose keys the store already has under other options or
     * another name is left as it is and returned, for the caller to report.
     *
     * @throws StoreUnavailableException when the store fails
     */
    public List<IndexSpec> ensureIndexes(List<IndexSpec> indexes) {
        var leftAsTheyAre = new ArrayList<IndexSpec>();
        for (IndexSpec index : indexes) {
            try {
                records.createIndex(index.toBson());
            } catch (MongoCommandException e) {
                if (!INDEX_CONFLICT.contains(e.getErrorCode())) {
                    throw new StoreUnavailableException(
                            "the store did not create index " + index + ": " + e.getMessage(), e);
                }
                leftAsTheyAre.add(index);
            } catch (MongoException e) {
                throw StoreUnavailableException.of(e);
            }
        }
        return leftAsTheyAre;
    }

    /**
     * Ensures the unique index on the key that upsert mode relies on.
     *
     * @throws StoreUnavailableException when the store fails or refuses it (for instance: records already stored
     *                                   share a key)
     */
    public void ensureUniqueKey(UpsertKey key) {
        try {
            records.createIndex(key.indexKeys(), new IndexOptions().unique(true));
        } catch (MongoException e) {
            throw new StoreUnavailableException(
                    "the store did not create the unique index on INVENTORY_KEY " + key.key() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Throws {@link StoreUnavailableException} when the store does not answer a ping. */
    public void ping() {
        StoreCalls.read(() -> store.database().runCommand(new BsonDocument("ping", new BsonInt32(1))));
    }

    /**
     * How much room the store has, from {@code dbStats}: MongoDB's file system figures ({@code fsUsedSize},
     * {@code fsTotalSize}), which the embedded store answers with its memory and its bound. Empty when the store
     * does not give them.
     *
     * @throws StoreUnavailableException when the store fails
     */
    public Optional<StoreSpace> space() {
        BsonDocument stats = StoreCalls.read(
                () -> store.database().runCommand(new BsonDocument("dbStats", new BsonInt32(1)), BsonDocument.class));
        if (!stats.isNumber("fsUsedSize") || !stats.isNumber("fsTotalSize")) {
            return Optional.empty();
        }
        return Optional.of(new StoreSpace(
                stats.getNumber("fsUsedSize").longValue(),
                stats.getNumber("fsTotalSize").longValue()));
    }

    /** Whether the store offers change streams (a replica set or a sharded cluster). */
    public boolean changeStreams() {
        return store.changeStreams();
    }
}
