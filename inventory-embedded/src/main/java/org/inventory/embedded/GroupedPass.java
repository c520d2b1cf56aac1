package org.inventory.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.aggregation.Expression;
import de.bwaldvogel.mongo.backend.aggregation.accumulator.Accumulator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An aggregate that reads the records once and groups them, answered with the records decoded only as far as the
 * stages read them. Two shapes, after the pipeline's leading {@code $match} stages (the {@code filter}):
 *
 * <ul>
 *   <li>{@code $skip}/{@code $limit} stages, then {@code $group}, then anything: the store's own stages run on the
 *       records, each decoded with the fields the filter and the {@code $group} read ({@link FieldsRead}) only;
 *   <li>a {@code $facet} whose every sub-pipeline starts with {@code $group}, then anything: one pass over the
 *       records feeds every group (the same specification grouped once), then each sub-pipeline's other stages run
 *       on its groups as the store runs them. The store's own {@code $facet} would hold every record in a list
 *       and group them once per sub-pipeline.
 * </ul>
 *
 * <p>The groups are made as mongo-java-server's {@code $group} makes them ({@link Group}: its accumulators, its
 * order of keys, its expressions, those the service uses evaluated step for step as it does by
 * {@link GroupExpression}), so the answer is the store's; the records come in natural order, as the
 * store's find gives them. Any other pipeline, a filter an index answers, and any error (the store then runs the
 * pipeline itself and reports it in its words) go the store's way.
 */
final class GroupedPass {
    private GroupedPass() {}

    static Optional<List<Document>> answer(
            MongoDatabase database,
            MongoCollection<?> collection,
            Document filter,
            List<Document> rest,
            Document query,
            DatabaseResolver databaseResolver,
            Oplog oplog) {
        Set<String> filterFields = FieldsRead.ofFilter(filter);
        if (filterFields == null) {
            return Optional.empty();
        }
        int first = 0;
        while (first < rest.size() && isSkipOrLimit(rest.get(first))) {
            first++;
        }
        if (first == rest.size() || rest.get(first).size() != 1) {
            return Optional.empty();
        }
        Document stage = rest.get(first);
        try {
            if (stage.get("$group") instanceof Document group && collection instanceof CompactCollection compact) {
                Aggregation.fromPipeline(rest, databaseResolver, database, collection, oplog)
                        .validate(query);
                var grouped = new Group(group);
                // Cut to the fields read only when every expression is evaluated here (see GroupExpression).
                Set<String> fields = grouped.compiled() ? union(filterFields, FieldsRead.ofExpression(group)) : null;
                Stream<Scanned> records = compact.scan(filter, fields);
                if (records == null) {
                    return Optional.empty();
                }
                for (Document skipOrLimit : rest.subList(0, first)) {
                    Object value = skipOrLimit.values().iterator().next();
                    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
                        return Optional.empty();
                    }
                    long n = ((Number) value).longValue();
                    records = skipOrLimit.containsKey("$skip") ? records.skip(n) : records.limit(n);
                }
                records.forEach(grouped::add);
                Aggregation after = Aggregation.fromPipeline(
                        rest.subList(first + 1, rest.size()), databaseResolver, database, collection, oplog);
                return Optional.of(after.runStages(grouped.results().stream()));
            }
            if (first == 0 && stage.get("$facet") instanceof Document facets) {
                return facets(database, collection, filter, filterFields, facets, rest, query, databaseResolver, oplog);
            }
        } catch (MongoServerError e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<List<Document>> facets(
            MongoDatabase database,
            MongoCollection<?> collection,
            Document filter,
            Set<String> filterFields,
            Document facets,
            List<Document> rest,
            Document query,
            DatabaseResolver databaseResolver,
            Oplog oplog) {
        if (facets.isEmpty()) {
            return Optional.empty();
        }
        Set<String> fields = filterFields;
        var groups = new LinkedHashMap<Document, Group>();
        var pipelines = new LinkedHashMap<String, List<Document>>();
        for (var facet : facets.entrySet()) {
            if (!(facet.getValue() instanceof List<?> stages)
                    || stages.isEmpty()
                    || !(stages.getFirst() instanceof Document first)
                    || first.size() != 1
                    || !(first.get("$group") instanceof Document group)) {
                return Optional.empty();
            }
            Group made = groups.computeIfAbsent(group, Group::new);
            // Cut to the fields read only when every expression is evaluated here (see GroupExpression).
            fields = made.compiled() ? union(fields, FieldsRead.ofExpression(group)) : null;
            List<Document> pipeline = Aggregation.parse(stages);
            pipelines.put(facet.getKey(), pipeline);
        }
        // The whole pipeline checked by the store first, so that a malformed one is refused in its words.
        Aggregation.fromPipeline(rest, databaseResolver, database, collection, oplog)
                .validate(query);
        Stream<Scanned> records = null;
        if (collection instanceof CompactCollection compact) {
            records = compact.scan(filter, fields);
        }
        if (records == null) {
            records = collection
                    .handleQueryAsStream(new Document("$query", filter))
                    .map(document -> new Scanned(document, null));
        }
        List<Group> each = List.copyOf(groups.values());
        records.forEach(record -> {
            for (Group group : each) {
                group.add(record);
            }
        });
        var result = new Document();
        for (var facet : pipelines.entrySet()) {
            List<Document> pipeline = facet.getValue();
            Document spec = (Document) pipeline.getFirst().get("$group");
            List<Document> grouped = groups.get(spec).results();
            Aggregation after = Aggregation.fromPipeline(
                    pipeline.subList(1, pipeline.size()), databaseResolver, database, collection, oplog);
            result.put(facet.getKey(), after.runStages(grouped.stream()));
        }
        Aggregation after =
                Aggregation.fromPipeline(rest.subList(1, rest.size()), databaseResolver, database, collection, oplog);
        return Optional.of(after.runStages(Stream.of(result)));
    }

    /**
     * A record as a pass reads it: decoded with the fields the stages read, and its bytes to decode it whole where
     * a stage needs more (null when the document is whole already).
     */
    @SuppressWarnings("ArrayRecordComponent") // carried through the pass, never compared or hashed
    record Scanned(Document document, byte[] bson) {
        Document whole() {
            return bson == null ? document : BsonBytes.decode(bson);
        }
    }

    private static boolean isSkipOrLimit(Document stage) {
        return stage.size() == 1 && (stage.containsKey("$skip") || stage.containsKey("$limit"));
    }

    private static Set<String> union(Set<String> some, Set<String> others) {
        if (some == null || others == null) {
            return null;
        }
        var all = new LinkedHashSet<>(some);
        all.addAll(others);
        return all;
    }

    /**
     * One {@code $group} fed record by record: what mongo-java-server's {@code GroupStage} does with a stream, step
     * for step (the key by its expression, missing as null; one set of accumulators per key, in the store's order
     * of values; the results as {@code {_id, field...}}), so that several groups can share one pass, with the
     * expressions compiled once where {@link GroupExpression} can.
     */
    static final class Group {
        private final Object idExpression;
        private final GroupExpression id;
        private final Map<String, Supplier<Accumulator>> accumulatorSuppliers;
        /** Each accumulator's expression compiled ({@link GroupExpression}), null where the store evaluates it. */
        private final List<GroupExpression> accumulated = new ArrayList<>();

        private final Map<Object, List<Accumulator>> accumulatorsPerKey = new TreeMap<>(ValueComparator.asc());

        Group(Document specification) {
            if (!specification.containsKey("_id")) {
                throw new MongoServerError(15955, "a group specification must include an _id");
            }
            this.idExpression = specification.get("_id");
            this.id = GroupExpression.of(idExpression);
            this.accumulatorSuppliers = Accumulator.parse(specification);
            accumulatorSuppliers
                    .values()
                    .forEach(supplier ->
                            accumulated.add(GroupExpression.of(supplier.get().getExpression())));
        }

        /** Whether every expression of the group is evaluated here, so that a record cut to its fields will do. */
        boolean compiled() {
            return id != null && accumulated.stream().allMatch(java.util.Objects::nonNull);
        }

        void add(Scanned record) {
            Document document = record.document();
            Supplier<Document> whole = record::whole;
            Object key = id != null
                    ? id.evaluate(document, whole)
                    : Expression.evaluateDocument(idExpression, record.whole());
            if (key instanceof Missing) {
                key = null;
            }
            List<Accumulator> accumulators = accumulatorsPerKey.computeIfAbsent(key, k -> {
                var made = new ArrayList<Accumulator>(accumulatorSuppliers.size());
                accumulatorSuppliers.values().forEach(supplier -> made.add(supplier.get()));
                return made;
            });
            for (int i = 0; i < accumulators.size(); i++) {
                Accumulator accumulator = accumulators.get(i);
                GroupExpression compiled = accumulated.get(i);
                accumulator.aggregate(
                        compiled != null
                                ? compiled.evaluate(document, whole)
                                : Expression.evaluateDocument(accumulator.getExpression(), record.whole()));
            }
        }

        /** The groups, made anew at each call (a sub-pipeline's stages may change the documents they are given). */
        List<Document> results() {
            var results = new ArrayList<Document>(accumulatorsPerKey.size());
            for (var entry : accumulatorsPerKey.entrySet()) {
                var result = new Document();
                result.put("_id", entry.getKey());
                for (Accumulator accumulator : entry.getValue()) {
                    result.put(accumulator.getField(), accumulator.getResult());
                }
                results.add(result.cloneDeeply());
            }
            return results;
        }
    }
}
