package org.inventory.core.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.inventory.core.query.Cursor;
import org.inventory.core.query.FieldsSpec;
import org.inventory.core.query.FilterSpec;
import org.inventory.core.query.IndexSpec;
import org.inventory.core.query.Query;
import org.inventory.core.query.QueryException;
import org.inventory.core.query.SortSpec;

/**
 * The records in MongoDB: batched inserts; finds with a filter, sort, fields and a page number or cursor; streams
 * for exports; bounded counts; indexes. Thread-safe.
 */
public final class InventoryRepository {
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);
    private static final BulkWriteOptions UNORDERED_BULK = new BulkWriteOptions().ordered(false);
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    /** DuplicateKey: in upsert mode, the unique index on the key saying the item is stored with a version not older. */
    private static final int DUPLICATE_KEY = 11000;

    private static final BsonDocumentCodec RAW = new BsonDocumentCodec();
    /**
     * ExceededMemoryLimit: a write refused because the store's memory is full, as MongoDB's in-memory storage engine
     * answers it, and as the embedded store does at its bound.
     */
    private static final int STORE_FULL = 146;
    /** IndexOptionsConflict, IndexKeySpecsConflict: the store has an index on these keys already, made otherwise. */
    private static final Set<Integer> INDEX_CONFLICT = Set.of(85, 86);
    /** Records per batch of an export's store cursor: some 1 MB of ordinary records. */
    private static final int STREAM_BATCH = 1000;

    private final Store store;
    private final MongoCollection<RawBsonDocument> records;
    /** What cursor tokens are bound to: this database and collection. */
    private final String scope;

    public InventoryRepository(Store store, String collection) {
        this.store = store;
        // Raw documents both ways: records go out as the parser wrote their bytes and come back undecoded.
        this.records = store.database().getCollection(collection, RawBsonDocument.class);
        this.scope = records.getNamespace().getFullName();
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
        read(() -> {
            for (RawBsonDocument stored : records.find(filter).projection(key.keyProjection())) {
                for (int i : byKey.getOrDefault(key.keyOf(stored), List.of())) {
                    ids.put(i, stored.get("_id"));
                }
            }
            return null;
        });
        return ids;
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

    /**
     * Up to {@code limit} records of a query, and the cursor token for the rest when there are more: one more
     * record than asked is read to know. The sort keys are read along with the query's fields (the token is made
     * of the last record's values) and cut away again when the client did not ask for them.
     *
     * @throws QueryTimeoutException     when the store took longer than the query's {@code maxTime}
     * @throws InvalidQueryException     when the store refused the query as written
     * @throws QueryException            naming {@code sort} when a sort key holds an array, which no cursor can
     *                                   continue from
     * @throws StoreUnavailableException when the store failed otherwise
     */
    public FindResult find(Query query, int limit) {
        return find(query, 0, limit, true);
    }

    /**
     * Page {@code number} (1-based) of {@code size} records of a query without a cursor, by skipping the pages
     * before it: a cost that grows with the depth, unlike a cursor's. The token for the records after it comes
     * along when it can be made; it cannot when a sort key holds an array, and the page is then still served.
     *
     * @throws QueryTimeoutException     when the store took longer than the query's {@code maxTime}
     * @throws InvalidQueryException     when the store refused the query as written
     * @throws StoreUnavailableException when the store failed otherwise
     */
    public FindResult page(Query query, long number, int size) {
        if (query.after().isPresent()) {
            throw new IllegalArgumentException("a page by number has no cursor");
        }
        long skip = (number - 1) * size;
        if (skip > Integer.MAX_VALUE) {
            // Further than the driver can skip, and so further than any collection we could page through.
            return new FindResult(List.of(), false, Optional.empty());
        }
        return find(query, (int) skip, size, false);
    }

    private FindResult find(Query query, int skip, int limit, boolean cursorRequired) {
        FieldsSpec read = query.fields().withSortKeys(query.sort());
        List<RawBsonDocument> found =
                query(() -> storeFind(query, read).skip(skip).limit(limit + 1).into(new ArrayList<>(limit + 1)));
        Optional<String> next = Optional.empty();
        boolean more = found.size() > limit;
        if (more) {
            found = found.subList(0, limit);
            try {
                next = Optional.of(
                        Cursor.after(found.getLast(), query.sort()).encode(scope, query.filter(), query.sort()));
            } catch (QueryException e) {
                if (cursorRequired) {
                    throw e;
                }
            }
        }
        if (!read.equals(query.fields())) {
            found = found.stream()
                    .map(item -> new RawBsonDocument(query.fields().trim(item), RAW))
                    .toList();
        }
        return new FindResult(found, more, next);
    }

    /**
     * Reads a cursor token of this collection for {@code filter} and {@code sort}.
     *
     * @throws QueryException naming {@code after} when the token is not one (see {@link Cursor#decode})
     */
    public Cursor cursor(String token, FilterSpec filter, SortSpec sort) {
        return Cursor.decode(token, scope, filter, sort);
    }

    /**
     * Every record of a query, from one store cursor read in batches: for an export of any size. Nothing is read
     * before the first {@code hasNext}. Close it to end the store's cursor early.
     */
    public RecordStream stream(Query query) {
        return new RecordStream(
                () -> storeFind(query, query.fields()).batchSize(STREAM_BATCH).cursor());
    }

    /** The store's find for a query: its condition, its order and its time limit, with {@code fields} as projection. */
    private FindIterable<RawBsonDocument> storeFind(Query query, FieldsSpec fields) {
        var find = records.find(query.condition())
                .sort(query.sort().toBson())
                .maxTime(query.maxTime().toMillis(), TimeUnit.MILLISECONDS);
        fields.projection().ifPresent(find::projection);
        return find;
    }

    /**
     * The results of an aggregation pipeline the caller built (never one a client sent), read whole: for summaries,
     * whose results are small (a bounded number of groups, or one {@code $facet} document). The store may spill a
     * large {@code $group} to disk, and gives up after {@code maxTime}.
     *
     * @throws QueryTimeoutException     when the store took longer than {@code maxTime}
     * @throws InvalidQueryException     when the store refused the pipeline (its {@code $match} as written)
     * @throws StoreUnavailableException when the store failed otherwise
     */
    public List<BsonDocument> aggregate(List<BsonDocument> pipeline, Duration maxTime) {
        return query(() -> records.aggregate(pipeline, BsonDocument.class)
                .allowDiskUse(true)
                .maxTime(maxTime.toMillis(), TimeUnit.MILLISECONDS)
                .into(new ArrayList<>()));
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
     * How many records match, counting no further than {@code limit}, so that a broad filter on a large
     * collection costs a bounded scan.
     *
     * @throws QueryTimeoutException     when the store took longer than {@code maxTime}
     * @throws InvalidQueryException     when the store refused the query as written
     * @throws StoreUnavailableException when the store failed otherwise
     */
    public long count(FilterSpec filter, int limit, Duration maxTime) {
        var options = new CountOptions().limit(limit).maxTime(maxTime.toMillis(), TimeUnit.MILLISECONDS);
        return query(() -> records.countDocuments(filter.filter(), options));
    }

    /**
     * A client's query, whose failures are told apart: too slow, refused by the store (a filter that passed
     * our checks but not the store's own, such as {@code {"$size":"x"}}), or the store failing.
     */
    static <T> T query(Supplier<T> query) {
        try {
            return query.get();
        } catch (MongoExecutionTimeoutException e) {
            throw new QueryTimeoutException("the query took longer than it may; narrow the filter", e);
        } catch (MongoException e) {
            InvalidQueryException refused = InvalidQueryException.of(e);
            throw refused != null ? refused : StoreUnavailableException.of(e);
        }
    }

    /** Whether the store offers change streams (a replica set or a sharded cluster). */
    public boolean changeStreams() {
        return store.changeStreams();
    }

    /**
     * A change stream of the records inserted from now on, or after {@code resumeAfter}, that match the filter.
     *
     * @throws ResumePointLostException  when the store no longer holds the point {@code resumeAfter} names
     * @throws InvalidQueryException     when the store refuses the filter as written
     * @throws StoreUnavailableException when the store fails otherwise
     */
    public InsertWatch watchInserts(FilterSpec filter, Optional<String> resumeAfter, Duration maxAwait) {
        return InsertWatch.open(records, filter, resumeAfter, maxAwait.toMillis());
    }

    /** The collection's size from its metadata: no scan, but an estimate after an unclean shutdown. */
    public long estimatedCount() {
        return read(records::estimatedDocumentCount);
    }

    /**
     * How much room the store has, from {@code dbStats}: MongoDB's file system figures ({@code fsUsedSize},
     * {@code fsTotalSize}), which the embedded store answers with its memory and its bound. Empty when the store
     * does not give them.
     *
     * @throws StoreUnavailableException when the store fails
     */
    public Optional<StoreSpace> space() {
        BsonDocument stats = read(() -> store.database()
                .runCommand(new BsonDocument("dbStats", new org.bson.BsonInt32(1)), BsonDocument.class));
        if (!stats.isNumber("fsUsedSize") || !stats.isNumber("fsTotalSize")) {
            return Optional.empty();
        }
        return Optional.of(new StoreSpace(
                stats.getNumber("fsUsedSize").longValue(),
                stats.getNumber("fsTotalSize").longValue()));
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
            throw StoreUnavailableException.of(e);
        }
    }
}
