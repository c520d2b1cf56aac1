package org.inventory.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Optional;

/**
 * A database of {@link CompactCollection}s; the store's own bookkeeping collections (the index list, which have
 * no {@code _id}) stay the stock in-memory ones. {@code dbStats} also answers {@code fsUsedSize} and
 * {@code fsTotalSize}, as MongoDB does for the file system it stores on: here, the heap the records take and the
 * most they may take. An aggregate that starts with {@code $match} matches as a find does ({@link LeadingMatch}).
 */
final class CompactDatabase extends AbstractSynchronizedMongoDatabase<Integer> {
    private final MemoryBound bound;

    CompactDatabase(String databaseName, CursorRegistry cursorRegistry, MemoryBound bound) {
        super(databaseName, cursorRegistry);
        this.bound = bound;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected MongoCollection<Integer> openOrCreateCollection(String collectionName, CollectionOptions options) {
        if (options.getIdField() == null) {
            return new MemoryCollection(this, collectionName, options, cursorRegistry);
        }
        return new CompactCollection(this, collectionName, options, cursorRegistry, bound);
    }

    @Override
    protected Index<Integer> openOrCreateUniqueIndex(
            String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return new MemoryUniqueIndex(indexName, keys, sparse);
    }

    @Override
    public Document handleCommand(
            Channel channel, String command, Document query, DatabaseResolver databaseResolver, Oplog oplog) {
        Optional<Document> matchedFirst = LeadingMatch.answer(
                this,
                command,
                query,
                getFullCollectionNamespace(String.valueOf(query.get(command))),
                databaseResolver,
                oplog);
        if (matchedFirst.isPresent()) {
            return matchedFirst.get();
        }
        Document response = super.handleCommand(channel, command, query, databaseResolver, oplog);
        if (command.equalsIgnoreCase("dbStats")) {
            response.put("fsUsedSize", bound.used());
            response.put("fsTotalSize", bound.limit());
        }
        return response;
    }

    @Override
    protected long getStorageSize() {
        return 0;
    }

    @Override
    protected long getFileSize() {
        return 0;
    }
}
