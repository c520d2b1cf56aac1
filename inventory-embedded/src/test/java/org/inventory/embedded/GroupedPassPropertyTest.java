package org.inventory.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The aggregates the compact store answers in one pass with records decoded in part ({@link GroupedPass}) give
 * exactly the stock in-memory store's answers: generated records of the inventory's shape (strings, numbers of
 * every kind, null, missing fields, nested documents, arrays, strings that start with {@code $}) are written to both, then the same pipelines are run
 * on both: a {@code $group} (after matches, skips and limits or none) with the service's keys and number tests and
 * the stages after it, a {@code $facet} of several groups, counts with a filter and a limit, and finds with an
 * inclusion projection, each answer compared in canonical Extended JSON. The tries are those of the full tier; the
 * default build tries a fifth.
 */
@AddLifecycleHook(CompactStorePropertyTest.TierTries.class)
class GroupedPassPropertyTest {
    private static final JsonWriterSettings EXACT =
            JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    private static final List<String> PATHS = List.of("category", "warehouse.code", "status", "quantity", "tags", "x");

    private static MongoServer stockServer;
    private static EmbeddedStore compactStore;
    private static MongoClient stockClient;
    private static MongoClient compactClient;

    @BeforeContainer
    static void startTheStores() {
        compactStore = EmbeddedStore.startInMemory(Long.MAX_VALUE);
        stockServer = new MongoServer(new MemoryBackend());
        stockClient = CompactStorePropertyTest.client(CompactStorePropertyTest.bind(stockServer));
        compactClient = CompactStorePropertyTest.client(compactStore.url());
    }

    @AfterContainer
    static void stopTheStores() {
        stockClient.close();
        compactClient.close();
        stockServer.shutdownNow();
        compactStore.close();
    }

    @Property(tries = 150)
    void grouped_and_faceted_aggregates_counts_and_projected_finds_answer_as_the_stock_store(
            @ForAll("records") List<BsonDocument> records,
            @ForAll("filters") BsonDocument filter,
            @ForAll("groups") List<String> paths,
            @ForAll("numbers") String numberPath) {
        MongoCollection<BsonDocument> stock = fresh(stockClient, records);
        MongoCollection<BsonDocument> compact = fresh(compactClient, records);
        var pipelines = new ArrayList<List<BsonDocument>>();
        for (boolean matched : List.of(false, true)) {
            var prefix = new ArrayList<BsonDocument>();
            if (matched) {
                prefix.add(new BsonDocument("$match", filter));
            }
            var summary = new ArrayList<>(prefix);
            summary.addAll(grouped(paths.getFirst(), numberPath));
            summary.add(new BsonDocument("$facet", new BsonDocument("top", top(3)).append("rest", rest(3))));
            pipelines.add(summary);
            var limited = new ArrayList<>(prefix);
            limited.add(BsonDocument.parse("{\"$skip\": 1}"));
            limited.add(BsonDocument.parse("{\"$limit\": 5}"));
            limited.add(BsonDocument.parse("{\"$group\": {\"_id\": 1, \"n\": {\"$sum\": 1}}}"));
            pipelines.add(limited);
            var facets = new BsonDocument();
            for (int i = 0; i < paths.size(); i++) {
                var top = new BsonArray(grouped(paths.get(i), numberPath));
                top.addAll(top(2));
                var rest = new BsonArray(grouped(paths.get(i), numberPath));
                rest.addAll(rest(2));
                facets.append("top" + i, top).append("rest" + i, rest);
            }
            var faceted = new ArrayList<>(prefix);
            faceted.add(new BsonDocument("$facet", facets));
            pipelines.add(faceted);
            var twoKeys = new ArrayList<>(prefix);
            twoKeys.add(new BsonDocument(
                    "$group",
                    new BsonDocument(
                                    "_id",
                                    new BsonDocument("k0", present(paths.getFirst())).append("k1", present(numberPath)))
                            .append("n", new BsonDocument("$sum", new BsonInt32(1)))
                            .append("min", new BsonDocument("$min", new BsonString("$" + numberPath)))
                            .append("max", new BsonDocument("$max", new BsonString("$" + numberPath)))));
            twoKeys.add(BsonDocument.parse("{\"$sort\": {\"_id\": 1}}"));
            pipelines.add(twoKeys);
        }
        for (List<BsonDocument> pipeline : pipelines) {
            assertEquals(answer(stock, pipeline), answer(compact, pipeline), pipeline.toString());
        }
        assertEquals(count(stock, filter), count(compact, filter), filter.toJson());
        for (var projection : List.of(
                Projections.include("_id"),
                Projections.include(paths.getFirst(), numberPath),
                Projections.excludeId())) {
            assertEquals(
                    find(stock, filter, projection), find(compact, filter, projection), String.valueOf(projection));
        }
    }

    private static MongoCollection<BsonDocument> fresh(MongoClient client, List<BsonDocument> records) {
        MongoCollection<BsonDocument> collection =
                client.getDatabase("test").getCollection("grouped", BsonDocument.class);
        collection.drop();
        if (!records.isEmpty()) {
            collection.insertMany(records);
        }
        return collection;
    }

    private static String answer(MongoCollection<BsonDocument> collection, List<BsonDocument> pipeline) {
        try {
            var out = new ArrayList<String>();
            collection.aggregate(pipeline).forEach(document -> out.add(document.toJson(EXACT)));
            return String.join("\n", out);
        } catch (MongoException e) {
            return "error " + e.getCode();
        }
    }

    private static String count(MongoCollection<BsonDocument> collection, BsonDocument filter) {
        try {
            return collection.countDocuments(filter, new CountOptions().skip(1).limit(7)) + " "
                    + collection.countDocuments(filter);
        } catch (MongoException e) {
            return "error " + e.getCode();
        }
    }

    private static String find(
            MongoCollection<BsonDocument> collection, BsonDocument filter, org.bson.conversions.Bson projection) {
        try {
            var out = new ArrayList<String>();
            collection
                    .find(filter)
                    .projection(projection)
                    .sort(Sorts.ascending("_id"))
                    .forEach(document -> out.add(document.toJson(EXACT)));
            return String.join("\n", out);
        } catch (MongoException e) {
            return "error " + e.getCode();
        }
    }

    /** The service's group: the key through $ifNull, the count, the sum of numbers and the count of numbers. */
    private static List<BsonDocument> grouped(String path, String numberPath) {
        BsonDocument isNumber = new BsonDocument(
                "$and",
                new BsonArray(List.of(
                        new BsonDocument(
                                "$gt", new BsonArray(List.of(new BsonString("$" + numberPath), BsonNull.VALUE))),
                        new BsonDocument(
                                "$lt", new BsonArray(List.of(new BsonString("$" + numberPath), new BsonString("")))))));
        var group = new BsonDocument("_id", present(path))
                .append("count", new BsonDocument("$sum", new BsonInt32(1)))
                .append(
                        "sumS",
                        new BsonDocument(
                                "$sum",
                                new BsonDocument(
                                        "$cond",
                                        new BsonArray(
                                                List.of(isNumber, new BsonString("$" + numberPath), BsonNull.VALUE)))))
                .append(
                        "sumN",
                        new BsonDocument(
                                "$sum",
                                new BsonDocument(
                                        "$cond",
                                        new BsonArray(List.of(isNumber, new BsonInt32(1), new BsonInt32(0))))));
        var derived = BsonDocument.parse(
                "{\"$addFields\": {\"sum\": {\"$cond\": [{\"$gt\": [\"$sumN\", 0]}, \"$sumS\", null]}}}");
        return List.of(new BsonDocument("$group", group), derived);
    }

    private static BsonArray top(int limit) {
        return new BsonArray(List.of(
                BsonDocument.parse("{\"$sort\": {\"count\": -1, \"_id\": 1}}"),
                new BsonDocument("$limit", new BsonInt32(limit))));
    }

    private static BsonArray rest(int limit) {
        return new BsonArray(List.of(
                BsonDocument.parse("{\"$sort\": {\"count\": -1, \"_id\": 1}}"),
                new BsonDocument("$skip", new BsonInt32(limit)),
                BsonDocument.parse("{\"$group\": {\"_id\": null, \"count\": {\"$sum\": \"$count\"},"
                        + " \"sumS\": {\"$sum\": \"$sumS\"}, \"sumN\": {\"$sum\": \"$sumN\"}}}")));
    }

    private static BsonDocument present(String path) {
        return new BsonDocument("$ifNull", new BsonArray(List.of(new BsonString("$" + path), BsonNull.VALUE)));
    }

    @Provide
    Arbitrary<List<BsonDocument>> records() {
        Arbitrary<BsonValue> value = Arbitraries.oneOf(
                Arbitraries.of("tools", "garden", "kitchen", "", "$quantity", "$$ROOT")
                        .map(BsonString::new),
                Arbitraries.of("W1", "$x").map(s -> new BsonDocument("code", new BsonString(s))),
                Arbitraries.integers().between(-3, 5).map(BsonInt32::new),
                Arbitraries.longs().between(-2, 4).map(BsonInt64::new),
                Arbitraries.of(0.5, -1.25, 2.0, 1e300).map(BsonDouble::new),
                Arbitraries.just(BsonNull.VALUE),
                Arbitraries.of("a", "b").map(s -> new BsonArray(List.of(new BsonString(s), new BsonInt32(1)))));
        Arbitrary<BsonValue> field = Arbitraries.oneOf(value, Arbitraries.just((BsonValue) null));
        Arbitrary<BsonDocument> record = Combinators.combine(field, field, field, field, field, field)
                .as((category, code, status, quantity, tags, x) -> {
                    var document = new BsonDocument();
                    put(document, "name", x);
                    put(document, "category", category);
                    if (code != null) {
                        document.append("warehouse", code.isNull() ? code : new BsonDocument("code", code));
                    }
                    put(document, "status", status);
                    put(document, "quantity", quantity);
                    put(document, "tags", tags);
                    put(document, "x", x);
                    return document;
                });
        return record.list().ofMaxSize(25);
    }

    private static void put(BsonDocument document, String name, BsonValue value) {
        if (value != null) {
            document.append(name, value);
        }
    }

    @Provide
    Arbitrary<BsonDocument> filters() {
        return Arbitraries.of(
                        "{}",
                        "{\"status\": \"tools\"}",
                        "{\"quantity\": {\"$gt\": 0}}",
                        "{\"category\": {\"$in\": [\"garden\", null]}}",
                        "{\"$or\": [{\"warehouse.code\": 1}, {\"quantity\": {\"$lt\": 2}}]}",
                        "{\"$and\": [{\"x\": {\"$exists\": true}}, {\"category\": {\"$ne\": \"\"}}]}",
                        "{\"tags\": \"a\", \"$comment\": \"c\"}")
                .map(BsonDocument::parse);
    }

    @Provide
    Arbitrary<List<String>> groups() {
        return Arbitraries.of(PATHS).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> numbers() {
        return Arbitraries.of("quantity", "x", "warehouse.code");
    }
}
