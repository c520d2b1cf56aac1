package org.inventory.core.store;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.inventory.core.query.FilterSpec;

/**
 * A MongoDB change stream of the records inserted into the collection, or replacing a stored one, that match a filter, from now on or after a
 * resume token: the store filters (a {@code $match} on the insert operations and the filter, its paths moved under
 * {@code fullDocument}). Only writes the store has applied appear, once each, in the order of its oplog.
 */
public final class InsertWatch implements AutoCloseable {
    /** InvalidResumeToken, ChangeStreamHistoryLost, ChangeStreamFatalError: the point to resume from is gone. */
    private static final Set<Integer> POINT_GONE = Set.of(260, 280, 286);

    private final MongoChangeStreamCursor<ChangeStreamDocument<RawBsonDocument>> cursor;

    private InsertWatch(MongoChangeStreamCursor<ChangeStreamDocument<RawBsonDocument>> cursor) {
        this.cursor = cursor;
    }

    /**
     * @throws ResumePointLostException  when the store no longer holds the point {@code resumeAfter} names
     * @throws InvalidQueryException     when the store refuses the filter as written
     * @throws StoreUnavailableException when the store fails otherwise
     */
    static InsertWatch open(
            MongoCollection<RawBsonDocument> records,
            FilterSpec filter,
            Optional<String> resumeAfter,
            long maxAwaitMillis) {
        // Inserts, and in upsert mode the replacements of stored records (their full document is the stored one).
        var match = new BsonDocument(
                "operationType",
                new BsonDocument("$in", new BsonArray(List.of(new BsonString("insert"), new BsonString("replace")))));
        underFullDocument(filter.filter()).forEach(match::put);
        var watch = records.watch(List.of(new BsonDocument("$match", match)), RawBsonDocument.class)
                .maxAwaitTime(maxAwaitMillis, TimeUnit.MILLISECONDS);
        resumeAfter.ifPresent(token -> watch.resumeAfter(new BsonDocument("_data", new BsonString(token))));
        try {
            return new InsertWatch(watch.cursor());
        } catch (MongoException e) {
            throw failure(e);
        }
    }

    /**
     * The inserted records that have arrived, up to {@code max}: waits at most the watch's await time for the
     * first, then takes what the store sent along with it. Empty when none came.
     *
     * @throws ResumePointLostException  when the store dropped the stream's point (the oplog moved past it)
     * @throws InvalidQueryException     when the store refuses the filter as written
     * @throws StoreUnavailableException when the store fails otherwise
     */
    public List<Insert> poll(int max) {
        var inserts = new ArrayList<Insert>();
        try {
            ChangeStreamDocument<RawBsonDocument> change = cursor.tryNext();
            while (change != null) {
                inserts.add(
                        new Insert(change.getResumeToken().getString("_data").getValue(), change.getFullDocument()));
                change = inserts.size() < max && cursor.available() > 0 ? cursor.tryNext() : null;
            }
        } catch (MongoException e) {
            throw failure(e);
        }
        return inserts;
    }

    /** The token of the point reached: after the last insert returned, or later when the store moved on. */
    public Optional<String> position() {
        BsonDocument token = cursor.getResumeToken();
        return token == null
                ? Optional.empty()
                : Optional.of(token.getString("_data").getValue());
    }

    @Override
    public void close() {
        try {
            cursor.close();
        } catch (MongoException e) {
            // Closing a cursor on a store that went away: nothing left to release.
        }
    }

    private static RuntimeException failure(MongoException e) {
        if (e instanceof MongoCommandException command && POINT_GONE.contains(command.getErrorCode())) {
            return new ResumePointLostException(command.getErrorMessage());
        }
        InvalidQueryException refused = InvalidQueryException.of(e);
        if (refused != null) {
            return refused;
        }
        return StoreUnavailableException.of(e);
    }

    /** The filter with every field path under {@code fullDocument.}, through {@code $and}, {@code $or}, {@code $nor}. */
    static BsonDocument underFullDocument(BsonDocument filter) {
        var moved = new BsonDocument();
        for (Map.Entry<String, BsonValue> entry : filter.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith("$")) {
                var clauses = new BsonArray();
                for (BsonValue clause : entry.getValue().asArray()) {
                    clauses.add(underFullDocument(clause.asDocument()));
                }
                moved.put(name, clauses);
            } else {
                moved.put("fullDocument." + name, entry.getValue());
            }
        }
        return moved;
    }

    /**
     * One inserted record and the resume token just after it.
     *
     * @param token  the change's resume token ({@code _data}), to continue after it
     * @param record the record as stored
     */
    public record Insert(String token, RawBsonDocument record) {}
}
