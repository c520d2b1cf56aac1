package org.inventory.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * mongo-java-server's H2 backend (records in an H2 file), whose collections answer a find sorted by {@code _id}
 * by walking their map, which H2 keeps ordered by {@code _id}, from where the query's {@code _id} conditions start,
 * instead of reading and sorting every record. H2 orders object ids as the store's sort does, but keys of other
 * types its own way; so the walk is taken only while every key is an object id (as the service's are), which the
 * first and the last key tell: H2 orders keys by their type before their value, so a key of another type would be
 * first or last. Records are matched as MongoDB matches them ({@link RecordMatcher}), finds and leading
 * {@code $match} stages alike.
 */
final class OrderedH2Backend extends H2Backend {

    OrderedH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new OrderedDatabase(databaseName, getCursorRegistry());
    }

    /**
     * An inner class: an H2 database opens its collections from its own constructor, before a field of a subclass
     * could be set, while the backend's store is already there to be reached.
     */
    private final class OrderedDatabase extends H2Database {
        OrderedDatabase(String databaseName, CursorRegistry cursorRegistry) {
            super(databaseName, getMvStore(), cursorRegistry);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            // The names the H2 backend gives a collection's maps; the store hands out the same maps again.
            MVMap<Object, Document> data = getMvStore().openMap("databases." + fullName);
            MVMap<String, Object> meta = getMvStore().openMap("meta." + fullName);
            return new OrderedCollection(this, collectionName, options, data, meta, cursorRegistry);
        }

        /** An aggregate that starts with {@code $match} matches as a find does. */
        @Override
        public Document handleCommand(
                Channel channel, String command, Document query, DatabaseResolver databaseResolver, Oplog oplog) {
            return LeadingMatch.answer(
                            this,
                            command,
                            query,
                            getFullCollectionNamespace(String.valueOf(query.get(command))),
                            databaseResolver,
                            oplog)
                    .orElseGet(() -> super.handleCommand(channel, command, query, databaseResolver, oplog));
        }
    }

    private static final class OrderedCollection extends H2Collection {
        private final MVMap<Object, Document> data;
        private final RecordMatcher matcher = new RecordMatcher();

        OrderedCollection(
                MongoDatabase database,
                String collectionName,
                CollectionOptions options,
                MVMap<Object, Document> data,
                MVMap<String, Object> meta,
                CursorRegistry cursorRegistry) {
            super(database, collectionName, options, data, meta, cursorRegistry);
            this.data = data;
        }

        /** As MongoDB matches, arrays of arrays included, rather than as the stock store does. */
        @Override
        protected boolean documentMatchesQuery(Document document, Document query) {
            return matcher.matches(document, query);
        }

        @Override
        protected QueryResult matchDocuments(
                Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
            Optional<Boolean> ascending = IdOrder.of(orderBy, getIdField());
            if (ascending.isEmpty() || !onlyObjectIds()) {
                return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            List<Document> found = walk(IdRange.of(query, getIdField()), query, ascending.get(), numberToSkip, limit);
            // The found records in order: the stock path adds only the projection and the batches.
            return matchDocumentsFromStream(found.stream(), new Document(), null, 0, 0, batchSize, fieldSelector);
        }

        private boolean onlyObjectIds() {
            return data.isEmpty() || (data.firstKey() instanceof ObjectId && data.lastKey() instanceof ObjectId);
        }

        /**
         * The records of the range in order, matched, after {@code skip}, up to {@code limit}. The walk includes its
         * ends: whether a record there matches is the query's to say.
         */
        private List<Document> walk(IdRange range, Document query, boolean ascending, int skip, int limit) {
            if (range.excludesObjectIds()) {
                return List.of();
            }
            Object start = range.objectIdStart().orElse(null);
            Object end = range.objectIdEnd().orElse(null);
            if (ascending && skip > 0 && query.isEmpty()) {
                // Every record matches: the map finds the one the skip lands on by its position, without reading those
                // before.
                long index = start == null ? 0 : data.getKeyIndex(start);
                long target = (index >= 0 ? index : -(index + 1)) + skip;
                if (target >= data.sizeAsLong()) {
                    return List.of();
                }
                start = data.getKey(target);
                skip = 0;
            }
            Cursor<Object, Document> cursor =
                    ascending ? data.cursor(start, end, false) : data.cursor(end, start, true);
            var found = new Matches<Document>(skip, limit);
            while (cursor.hasNext()) {
                cursor.next();
                Document record = cursor.getValue();
                if (documentMatchesQuery(record, query) && !found.add(record)) {
                    break;
                }
            }
            return found.kept();
        }
    }
}
