package org.inventory.server.insight;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;
import org.inventory.core.query.FieldsSpec;
import org.inventory.core.query.FilterSpec;
import org.inventory.core.query.Query;
import org.inventory.core.query.SortSpec;
import org.inventory.core.store.RecordQueries;
import org.inventory.core.store.RecordStream;

/**
 * Runs a summary on the store. Groups: one pipeline, {@code $match}, {@code $group} (the key of each path through
 * {@code $ifNull}, so that a missing field and null form one group, as the filter {@code {"path":null}} selects
 * them), then one {@code $facet} with the top groups ({@code $sort}, {@code $limit}) and the rest summed
 * ({@code $sort}, {@code $skip}, {@code $group}). One {@code $facet} rather than a second query: the records are
 * read and grouped once, and both parts come from the same reading. The numeric aggregates look at numbers only
 * (see {@link #isNumber}): a sum keeps the count of numbers beside it, so that a path that never holds a number sums to
 * null rather than 0, and an average is the sum over that count, which the "other" row can add up exactly.
 *
 * <p>Arrival buckets: one read of the {@code _id}s in the range, {@code _id}s only and in {@code _id} order (on MongoDB
 * an index-only scan of the {@code _id} index), counted per bucket here. Ids that are not ObjectIds are outside every
 * range.
 */
final class SummaryQuery {
    private final RecordQueries queries;
    private final Duration maxTime;

    SummaryQuery(RecordQueries queries, Duration maxTime) {
        this.queries = queries;
        this.maxTime = maxTime;
    }

    Summary run(SummaryRequest request) {
        if (request.arrival().isPresent()) {
            return arrivals(request.arrival().get(), request.filter());
        }
        return groups(request);
    }

    /**
     * Several grouped summaries of the same records (their requests share one filter), from one reading: one
     * {@code $facet} with each summary's top groups and the rest as two sub-pipelines ({@code top0}, {@code rest0},
     * {@code top1}, ...), each starting with that summary's {@code $group}. On MongoDB the records are read once for
     * all of them, where separate summaries read them once each.
     */
    List<Summary> runAll(List<SummaryRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        BsonDocument facets = facets(pipeline(requests));
        var summaries = new ArrayList<Summary>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            summaries.add(summary(requests.get(i), facets, "top" + i, "rest" + i));
        }
        return summaries;
    }

    private Summary groups(SummaryRequest request) {
        return summary(request, facets(pipeline(request)), "top", "rest");
    }

    /** The one document of a {@code $facet}; MongoDB answers it even for no records, the embedded store none. */
    private BsonDocument facets(List<BsonDocument> pipeline) {
        return queries.aggregate(pipeline, maxTime).stream().findFirst().orElseGet(BsonDocument::new);
    }

    private Summary summary(SummaryRequest request, BsonDocument facets, String top, String rest) {
        var rows = new ArrayList<Summary.Row>();
        for (BsonValue found : facets.getArray(top, new BsonArray())) {
            rows.add(row(request, found.asDocument(), false));
        }
        for (BsonValue found : facets.getArray(rest, new BsonArray())) {
            if (found.asDocument().getNumber("count").longValue() > 0) {
                rows.add(row(request, found.asDocument(), true));
            }
        }
        return new Summary(request.group(), request.aggregateColumns(), rows);
    }

    /** The pipeline of a grouped summary (see the class's comment). */
    static List<BsonDocument> pipeline(SummaryRequest request) {
        var pipeline = new ArrayList<BsonDocument>();
        if (!request.filter().selectsAll()) {
            pipeline.add(new BsonDocument("$match", request.filter().filter()));
        }
        pipeline.addAll(grouped(request));
        pipeline.add(new BsonDocument(
                "$facet", new BsonDocument().append("top", top(request)).append("rest", rest(request))));
        return pipeline;
    }

    /** The pipeline of several grouped summaries of the same records (see {@link #runAll}). */
    static List<BsonDocument> pipeline(List<SummaryRequest> requests) {
        FilterSpec filter = requests.getFirst().filter();
        var pipeline = new ArrayList<BsonDocument>();
        if (!filter.selectsAll()) {
            pipeline.add(new BsonDocument("$match", filter.filter()));
        }
        var facets = new BsonDocument();
        for (int i = 0; i < requests.size(); i++) {
            SummaryRequest request = requests.get(i);
            if (!request.filter().equals(filter)) {
                throw new IllegalArgumentException("summaries of one reading share their filter");
            }
            var top = new BsonArray(grouped(request));
            top.addAll(top(request));
            var rest = new BsonArray(grouped(request));
            rest.addAll(rest(request));
            facets.append("top" + i, top).append("rest" + i, rest);
        }
        pipeline.add(new BsonDocument("$facet", facets));
        return pipeline;
    }

    /** The top groups, from the groups: {@code $sort}, {@code $limit}. */
    private static BsonArray top(SummaryRequest request) {
        return new BsonArray(List.of(
                new BsonDocument("$sort", order(request.sort())),
                new BsonDocument("$limit", new BsonInt32(request.limit()))));
    }

    /** The groups after the top ones summed as one: {@code $sort}, {@code $skip}, {@code $group}. */
    private static BsonArray rest(SummaryRequest request) {
        var rest = new BsonDocument("_id", BsonNull.VALUE).append("count", sumOf("count"));
        request.aggregates().forEach((name, path) -> {
            switch (name) {
                case "sum", "avg" -> {
                    rest.append(name + "S", sumOf(name + "S"));
                    rest.append(name + "N", sumOf(name + "N"));
                }
                case "min", "max" -> rest.append(name, new BsonDocument("$" + name, new BsonString("$" + name)));
                default -> throw new IllegalArgumentException(name);
            }
        });
        return new BsonArray(List.of(
                new BsonDocument("$sort", order(request.sort())),
                new BsonDocument("$skip", new BsonInt32(request.limit())),
                new BsonDocument("$group", rest)));
    }

    /** The records grouped: {@code $group} (count and the aggregates' parts), then {@code $addFields} of sum and avg. */
    private static List<BsonDocument> grouped(SummaryRequest request) {
        BsonValue key;
        if (request.group().size() == 1) {
            key = present(request.group().getFirst());
        } else {
            var parts = new BsonDocument();
            for (int i = 0; i < request.group().size(); i++) {
                parts.append("k" + i, present(request.group().get(i)));
            }
            key = parts;
        }
        var group = new BsonDocument("_id", key).append("count", new BsonDocument("$sum", new BsonInt32(1)));
        var derived = new BsonDocument();
        request.aggregates().forEach((name, path) -> {
            BsonValue number = numberOrNull(path);
            switch (name) {
                case "sum", "avg" -> {
                    group.append(name + "S", new BsonDocument("$sum", number));
                    group.append(
                            name + "N",
                            new BsonDocument("$sum", cond(isNumber(path), new BsonInt32(1), new BsonInt32(0))));
                }
                case "min", "max" -> group.append(name, new BsonDocument("$" + name, number));
                default -> throw new IllegalArgumentException(name);
            }
        });
        if (request.aggregates().containsKey("sum")) {
            derived.append(
                    "sum",
                    cond(
                            new BsonDocument("$gt", new BsonArray(List.of(new BsonString("$sumN"), new BsonInt32(0)))),
                            new BsonString("$sumS"),
                            BsonNull.VALUE));
        }
        if (request.aggregates().containsKey("avg")) {
            derived.append(
                    "avg",
                    cond(
                            new BsonDocument("$gt", new BsonArray(List.of(new BsonString("$avgN"), new BsonInt32(0)))),
                            new BsonDocument(
                                    "$divide",
                                    new BsonArray(List.of(new BsonString("$avgS"), new BsonString("$avgN")))),
                            BsonNull.VALUE));
        }
        var stages = new ArrayList<BsonDocument>();
        stages.add(new BsonDocument("$group", group));
        if (!derived.isEmpty()) {
            stages.add(new BsonDocument("$addFields", derived));
        }
        return stages;
    }

    /** The sort of the groups, the key last so that equal counts come in a fixed order. */
    private static BsonDocument order(SummaryRequest.Sort sort) {
        int direction = sort.descending() ? -1 : 1;
        if (sort.column().equals("key")) {
            return new BsonDocument("_id", new BsonInt32(direction));
        }
        return new BsonDocument(sort.column(), new BsonInt32(direction)).append("_id", new BsonInt32(1));
    }

    private Summary.Row row(SummaryRequest request, BsonDocument found, boolean other) {
        List<BsonValue> key = new ArrayList<>();
        if (!other) {
            BsonValue id = found.get("_id", BsonNull.VALUE);
            if (request.group().size() == 1) {
                key.add(id);
            } else {
                for (int i = 0; i < request.group().size(); i++) {
                    key.add(id.isDocument() ? id.asDocument().get("k" + i, BsonNull.VALUE) : BsonNull.VALUE);
                }
            }
        }
        Map<String, BsonValue> aggregates = new LinkedHashMap<>();
        request.aggregates()
                .forEach((name, path) -> aggregates.put(
                        SummaryRequest.column(name, path),
                        switch (name) {
                            case "sum" -> positive(found, "sumN") ? found.get("sumS") : BsonNull.VALUE;
                            case "avg" ->
                                positive(found, "avgN")
                                        ? new org.bson.BsonDouble(found.getNumber("avgS")
                                                        .doubleValue()
                                                / found.getNumber("avgN").doubleValue())
                                        : BsonNull.VALUE;
                            default -> found.get(name, BsonNull.VALUE);
                        }));
        return new Summary.Row(key, other, found.getNumber("count").longValue(), aggregates);
    }

    private static boolean positive(BsonDocument found, String name) {
        return found.isNumber(name) && found.getNumber(name).longValue() > 0;
    }

    private Summary arrivals(Arrival arrival, FilterSpec filter) {
        var range = new BsonDocument(
                "_id", new BsonDocument("$gte", objectIdAt(arrival.start())).append("$lt", objectIdAt(arrival.end())));
        long[] counts = new long[arrival.buckets()];
        var query = new Query(
                filter.and(FilterSpec.of(range)), SortSpec.byId(), FieldsSpec.parse("_id"), Optional.empty(), maxTime);
        try (RecordStream ids = queries.stream(query)) {
            while (ids.hasNext()) {
                RawBsonDocument id = ids.next();
                BsonValue value = id.get("_id");
                if (value != null && value.isObjectId()) {
                    int bucket = arrival.bucket(
                            value.asObjectId().getValue().getDate().toInstant());
                    if (bucket >= 0) {
                        counts[bucket]++;
                    }
                }
            }
        }
        var rows = new ArrayList<Summary.Row>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            rows.add(new Summary.Row(
                    List.of(new BsonString(arrival.bucketStart(i).toString())), false, counts[i], Map.of()));
        }
        return new Summary(List.of(Arrival.PREFIX + arrival.unit().label()), List.of(), rows);
    }

    /** The smallest ObjectId of a second: every id made in it or later compares greater or equal. */
    static BsonObjectId objectIdAt(Instant time) {
        long seconds = Math.floorDiv(time.toEpochMilli(), 1000);
        return new BsonObjectId(new ObjectId("%08x".formatted(seconds) + "0".repeat(16)));
    }

    private static BsonDocument present(String path) {
        return new BsonDocument("$ifNull", new BsonArray(List.of(new BsonString("$" + path), BsonNull.VALUE)));
    }

    /**
     * Whether the path holds a number, from the order of BSON types (null, then numbers, then strings): greater than
     * null and less than the empty string. Not {@code $isNumber}, which the embedded store does not know; the same on
     * both. A missing field is less than null, an array is not a number (expressions do not look into arrays).
     */
    private static BsonDocument isNumber(String path) {
        return new BsonDocument(
                "$and",
                new BsonArray(List.of(
                        new BsonDocument("$gt", new BsonArray(List.of(new BsonString("$" + path), BsonNull.VALUE))),
                        new BsonDocument(
                                "$lt", new BsonArray(List.of(new BsonString("$" + path), new BsonString("")))))));
    }

    private static BsonDocument numberOrNull(String path) {
        return cond(isNumber(path), new BsonString("$" + path), BsonNull.VALUE);
    }

    private static BsonDocument cond(BsonValue condition, BsonValue then, BsonValue otherwise) {
        return new BsonDocument("$cond", new BsonArray(List.of(condition, then, otherwise)));
    }

    private static BsonDocument sumOf(String field) {
        return new BsonDocument("$sum", new BsonString("$" + field));
    }
}
