package org.inventory.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * An {@code aggregate} whose pipeline starts with {@code $match}, as the driver's {@code countDocuments} sends:
 * the store's aggregation matches with its own matcher, so the records of those first stages are found as a find
 * finds them ({@link RecordMatcher}), and the rest of the pipeline runs on them as the store runs it. A count then
 * counts what a find with the same filter returns. A {@code $match} later in a pipeline is still the store's. A
 * pipeline of leading matches and one {@code $sample} is sampled here (see {@link #sampleSize}); without a match, the
 * in-memory store draws the records directly ({@link CompactCollection#sample}). A pipeline that groups the records
 * next, with or without leading matches, reads them once and only as far as it needs ({@link GroupedPass}).
 */
final class LeadingMatch {
    private LeadingMatch() {}

    /** The answer to the command, or empty when it is not such an aggregate, for the store to answer as ever. */
    static Optional<Document> answer(
            MongoDatabase database,
            String command,
            Document query,
            String namespace,
            DatabaseResolver databaseResolver,
            Oplog oplog) {
        if (!command.equalsIgnoreCase("aggregate")
                || !(query.get(command) instanceof String collectionName)
                || !(query.get("pipeline") instanceof List<?> stages)) {
            return Optional.empty();
        }
        var matches = new ArrayList<Object>();
        int first = 0;
        while (first < stages.size()
                && stages.get(first) instanceof Document stage
                && stage.size() == 1
                && stage.get("$match") instanceof Document match) {
            matches.add(match);
            first++;
        }
        MongoCollection<?> collection = database.resolveCollection(collectionName, false);
        if (collection == null) {
            return Optional.empty();
        }
        Optional<Integer> sample = sampleSize(stages.subList(first, stages.size()));
        if (sample.isPresent()) {
            Document filter = matches.isEmpty()
                    ? new Document()
                    : matches.size() == 1 ? (Document) matches.getFirst() : new Document("$and", matches);
            List<Document> results = matches.isEmpty() && collection instanceof CompactCollection compact
                    ? compact.sample(sample.get())
                    : sample(collection.handleQueryAsStream(new Document("$query", filter)), sample.get());
            var cursor = new Document("id", 0L).append("ns", namespace).append("firstBatch", results);
            return Optional.of(new Document("cursor", cursor).append("ok", 1.0));
        }
        Document allMatched = matches.isEmpty()
                ? new Document()
                : matches.size() == 1 ? (Document) matches.getFirst() : new Document("$and", matches);
        Optional<List<Document>> grouped;
        try {
            grouped = GroupedPass.answer(
                    database,
                    collection,
                    allMatched,
                    Aggregation.parse(stages.subList(first, stages.size())),
                    query,
                    databaseResolver,
                    oplog);
        } catch (MongoServerError e) {
            grouped = Optional.empty();
        }
        if (grouped.isPresent()) {
            var cursor = new Document("id", 0L).append("ns", namespace).append("firstBatch", grouped.get());
            return Optional.of(new Document("cursor", cursor).append("ok", 1.0));
        }
        if (matches.isEmpty()) {
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

    /**
     * The size of a pipeline's rest that is one {@code {$sample:{size:N}}} alone, with a whole positive N. The store's own
     * {@code $sample} sorts every record by a comparator that draws a new random number at each comparison, which
     * breaks the sort's contract ("Comparison method violates its general contract!" on larger collections) and
     * costs a sort of the whole collection; a uniform sample needs neither.
     */
    private static Optional<Integer> sampleSize(List<?> rest) {
        if (rest.size() != 1
                || !(rest.getFirst() instanceof Document stage)
                || stage.size() != 1
                || !(stage.get("$sample") instanceof Document spec)
                || spec.size() != 1
                || !(spec.get("size") instanceof Number size)
                || size.doubleValue() < 0
                || size.doubleValue() != Math.floor(size.doubleValue())
                || size.doubleValue() > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(size.intValue());
    }

    /** Up to {@code size} records drawn uniformly, without repetition, in one pass (reservoir sampling), in random order. */
    static List<Document> sample(Stream<Document> records, int size) {
        var random = new SplittableRandom();
        var reservoir = new ArrayList<Document>(Math.min(size, 10_000));
        long[] seen = {0};
        records.forEach(record -> {
            long index = seen[0]++;
            if (reservoir.size() < size) {
                reservoir.add(record);
            } else {
                long pick = random.nextLong(index + 1);
                if (pick < size) {
                    reservoir.set((int) pick, record);
                }
            }
        });
        Collections.shuffle(reservoir, new java.util.Random(random.nextLong()));
        return reservoir;
    }
}
