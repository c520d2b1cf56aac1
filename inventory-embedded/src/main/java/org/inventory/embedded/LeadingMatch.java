package org.inventory.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * An {@code aggregate} whose pipeline starts with {@code $match}, as the driver's {@code countDocuments} sends:
 * the store's aggregation matches with its own matcher, so the records of those first stages are found as a find
 * finds them ({@link RecordMatcher}), and the rest of the pipeline runs on them as the store runs it. A count then
 * counts what a find with the same filter returns. A {@code $match} later in a pipeline is still the store's.
 */
final class LeadingMatch {
    private LeadingMatch() {
    }

    /** The answer to the command, or empty when it is not such an aggregate, for the store to answer as ever. */
    static Optional<Document> answer(MongoDatabase database, String command, Document query, String namespace,
                                     DatabaseResolver databaseResolver, Oplog oplog) {
        if (!command.equalsIgnoreCase("aggregate") || !(query.get(command) instanceof String collectionName)
                || !(query.get("pipeline") instanceof List<?> stages)) {
            return Optional.empty();
        }
        var matches = new ArrayList<Object>();
        int first = 0;
        while (first < stages.size() && stages.get(first) instanceof Document stage && stage.size() == 1
                && stage.get("$match") instanceof Document match) {
            matches.add(match);
            first++;
        }
        MongoCollection<?> collection = database.resolveCollection(collectionName, false);
        if (matches.isEmpty() || collection == null) {
            return Optional.empty();
        }
        List<Document> rest = Aggregation.parse(stages.subList(first, stages.size()));
        Aggregation aggregation = Aggregation.fromPipeline(rest, databaseResolver, database, collection, oplog);
        aggregation.validate(query);
        // Wrapped, so that a field named "query" is not read as the wrapper of an old-style query.
        Document filter = matches.size() == 1 ? (Document) matches.getFirst() : new Document("$and", matches);
        List<Document> results = aggregation.runStages(collection.handleQueryAsStream(new Document("$query", filter)));
        var cursor = new Document("id", 0L).append("ns", namespace).append("firstBatch", results);
        return Optional.of(new Document("cursor", cursor).append("ok", 1.0));
    }
}
