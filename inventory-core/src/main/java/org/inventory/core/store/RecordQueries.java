package org.inventory.core.store;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.CountOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.inventory.core.query.Cursor;
import org.inventory.core.query.FieldsSpec;
import org.inventory.core.query.FilterSpec;
import org.inventory.core.query.Query;
import org.inventory.core.query.QueryException;
import org.inventory.core.query.SortSpec;

/**
 * The reads of records: finds with a filter, sort, fields and a page number or cursor; streams for exports; bounded
 * counts and the collection's estimated size; aggregations the service builds; change streams of what is inserted.
 * Each query's failures are told apart (too slow, refused as written, the store failing). Thread-safe.
 */
public final class RecordQueries {
    private static final BsonDocumentCodec RAW = new BsonDocumentCodec();
    /** Records per batch of an export's store cursor: some 1 MB of ordinary records. */
    private static final int STREAM_BATCH = 1000;

    private final MongoCollection<RawBsonDocument> records;
    /** What cursor tokens are bound to: this database and collection. */
    private final String scope;

    public RecordQueries(Store store, String collection) {
        // Raw documents: records come back undecoded.
        this.records = store.database().getCollection(collection, RawBsonDocument.class);
        this.scope = records.getNamespace().getFullName();
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
        List<RawBsonDocument> found = StoreCalls.query(
                () -> storeFind(query, read).skip(skip).limit(limit + 1).into(new ArrayList<>(limit + 1)));
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
        return StoreCalls.query(() -> records.aggregate(pipeline, BsonDocument.class)
                .allowDiskUse(true)
                .maxTime(maxTime.toMillis(), TimeUnit.MILLISECONDS)
                .into(new ArrayList<>()));
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
        return StoreCalls.query(() -> records.countDocuments(filter.filter(), options));
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
        return StoreCalls.read(records::estimatedDocumentCount);
    }
}
