package org.inventory.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.ConnectionString;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.InsertManyOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonWriterSettings;
import org.bson.types.ObjectId;

/**
 * The compact store answers exactly as mongo-java-server's stock in-memory store does (and the embedded H2 file store
 * as the stock H2 backend does): the same records are
 * written to both through the driver (inserts with duplicates, updates and deletes between them, which free and
 * reuse positions), then the same finds (filters on {@code _id} and other fields, sorts by {@code _id} and
 * otherwise, skip, limit, projections, small batches read through cursors) and counts are run on both, and
 * every answer, error or write error must be the same, byte for byte. The filters are those the stock store reads as
 * MongoDB does; where it does not (arrays of arrays), the compact store matches as MongoDB does instead, which
 * {@link NestedArrayMatchTest} checks. The tries are those of the full tier ({@code -Pfull}, CI); the default build
 * tries a fifth of them ({@link TierTries}).
 */
@AddLifecycleHook(CompactStorePropertyTest.TierTries.class)
class CompactStorePropertyTest {
    private static final JsonWriterSettings EXACT = JsonWriterSettings.builder()
            .outputMode(org.bson.json.JsonMode.EXTENDED)
            .build();
    private static final List<ObjectId> OBJECT_IDS = objectIdPool();

    private static MongoServer stockServer;
    private static EmbeddedStore compactStore;
    private static MongoClient stockClient;
    private static MongoClient compactClient;
    private static Path h2Files;
    private static MongoServer stockH2Server;
    private static EmbeddedStore orderedH2Store;
    private static MongoClient stockH2Client;
    private static MongoClient orderedH2Client;

    @BeforeContainer
    static void startTheStores() throws IOException {
        compactStore = EmbeddedStore.startInMemory(Long.MAX_VALUE);
        stockServer = new MongoServer(new MemoryBackend());
        stockClient = client(bind(stockServer));
        compactClient = client(compactStore.url());
        h2Files = Files.createTempDirectory("h2-property-test");
        stockH2Server =
                new MongoServer(new H2Backend(h2Files.resolve("stock.mv.db").toString()));
        stockH2Client = client(bind(stockH2Server));
        orderedH2Store =
                EmbeddedStore.start(Optional.of(h2Files.resolve("ordered.mv.db").toString()));
        orderedH2Client = client(orderedH2Store.url());
    }

    /** Binds a stock server to a free port of the loopback address: its connection string. */
    static String bind(MongoServer server) {
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    /** A driver client of the store at {@code url}, as the property tests use one. */
    static MongoClient client(String url) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(url))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build());
    }

    @AfterContainer
    static void stopTheStores() throws IOException {
        for (MongoClient client : List.of(stockClient, compactClient, stockH2Client, orderedH2Client)) {
            client.close();
        }
        stockServer.shutdownNow();
        compactStore.close();
        stockH2Server.shutdownNow();
        orderedH2Store.close();
        try (var files = Files.list(h2Files)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(h2Files);
    }

    @Property(tries = 500)
    void every_answer_is_the_stock_stores(@ForAll("histories") History history) {
        assertSameAnswers(history, stockClient, compactClient);
    }

    /** Object ids only, as the H2 store walks its map only while every id is one (the service's always are). */
    @Property(tries = 150)
    void every_answer_of_the_h2_file_store_is_the_stock_h2_stores(@ForAll("objectIdHistories") History history) {
        assertSameAnswers(history, stockH2Client, orderedH2Client);
    }

    private static void assertSameAnswers(History history, MongoClient stockClient, MongoClient client) {
        MongoCollection<BsonDocument> stock = fresh(stockClient);
        MongoCollection<BsonDocument> tested = fresh(client);
        for (Step step : history.steps()) {
            assertEquals(step.run(stock), step.run(tested), step::toString);
        }
    }

    private static MongoCollection<BsonDocument> fresh(MongoClient client) {
        MongoCollection<BsonDocument> collection =
                client.getDatabase("test").getCollection("records", BsonDocument.class);
        collection.drop();
        return collection;
    }

    /** Writes, then reads, on one collection. */
    record History(List<Step> steps) {}

    /** Something done to a collection, with what came of it written out to compare. */
    interface Step {
        String run(MongoCollection<BsonDocument> collection);
    }

    record Insert(List<BsonDocument> records) implements Step {
        @Override
        public String run(MongoCollection<BsonDocument> collection) {
            try {
                collection.insertMany(
                        records.stream().map(BsonDocument::clone).toList(), new InsertManyOptions().ordered(false));
                return "inserted";
            } catch (MongoBulkWriteException e) {
                return e.getWriteErrors().stream()
                        .map(error -> error.getIndex() + ":" + error.getCode())
                        .toList()
                        .toString();
            }
        }
    }

    record Delete(BsonDocument filter) implements Step {
        @Override
        public String run(MongoCollection<BsonDocument> collection) {
            return answer(() -> Long.toString(collection.deleteMany(filter).getDeletedCount()));
        }
    }

    record Update(BsonDocument filter, BsonDocument update) implements Step {
        @Override
        public String run(MongoCollection<BsonDocument> collection) {
            return answer(() -> collection.updateOne(filter, update).toString());
        }
    }

    record Count(BsonDocument filter, int limit) implements Step {
        @Override
        public String run(MongoCollection<BsonDocument> collection) {
            return answer(() -> collection.countDocuments(filter, new CountOptions().limit(limit)) + "/"
                    + collection.estimatedDocumentCount());
        }
    }

    record Find(
            BsonDocument filter,
            Optional<BsonDocument> sort,
            int skip,
            int limit,
            int batchSize,
            Optional<BsonDocument> projection)
            implements Step {
        @Override
        public String run(MongoCollection<BsonDocument> collection) {
            return answer(() -> {
                FindIterable<BsonDocument> find =
                        collection.find(filter).skip(skip).limit(limit).batchSize(batchSize);
                sort.ifPresent(find::sort);
                projection.ifPresent(find::projection);
                var found = new ArrayList<String>();
                find.forEach(record -> found.add(record.toJson(EXACT)));
                return String.join("\n", found);
            });
        }
    }

    private static String answer(java.util.function.Supplier<String> query) {
        try {
            return query.get();
        } catch (MongoException e) {
            return "error " + e.getCode();
        }
    }

    @Provide
    Arbitrary<History> histories() {
        return histories(ids());
    }

    @Provide
    Arbitrary<History> objectIdHistories() {
        return histories(objectIds());
    }

    private Arbitrary<History> histories(Arbitrary<BsonValue> ids) {
        Arbitrary<Step> deletes = filters(ids).map(Delete::new);
        Arbitrary<Step> updates = Combinators.combine(filters(ids), updates()).as(Update::new);
        Arbitrary<Step> counts = Combinators.combine(
                        filters(ids), Arbitraries.integers().between(0, 5))
                .as(Count::new);
        Arbitrary<Step> write =
                Arbitraries.frequencyOf(Tuple.of(6, inserts(ids)), Tuple.of(1, deletes), Tuple.of(1, updates));
        Arbitrary<Step> read = Arbitraries.frequencyOf(Tuple.of(5, finds(ids)), Tuple.of(1, counts));
        return Combinators.combine(
                        write.list().ofMinSize(1).ofMaxSize(6),
                        read.list().ofMinSize(1).ofMaxSize(12))
                .as((writes, reads) -> {
                    var steps = new ArrayList<Step>(writes);
                    steps.addAll(reads);
                    return new History(steps);
                });
    }

    private Arbitrary<Step> inserts(Arbitrary<BsonValue> ids) {
        return records(ids).list().ofMinSize(1).ofMaxSize(25).map(Insert::new);
    }

    private Arbitrary<Step> finds(Arbitrary<BsonValue> ids) {
        // Mostly by _id, the order the index serves (the service's default order).
        Arbitrary<Optional<BsonDocument>> sorts = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(sort("_id", 1))),
                Tuple.of(2, Arbitraries.just(sort("_id", -1))),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                Optional.empty(),
                                sort("quantity", 1),
                                sort("$natural", -1),
                                Optional.of(BsonDocument.parse("{\"quantity\": -1, \"_id\": 1}")),
                                Optional.of(BsonDocument.parse("{\"category\": 1, \"price.amount\": -1}")))));
        Arbitrary<Optional<BsonDocument>> projections = Arbitraries.of(
                Optional.empty(),
                Optional.of(BsonDocument.parse("{\"category\": 1}")),
                Optional.of(BsonDocument.parse("{\"_id\": 0, \"quantity\": 1, \"price.amount\": 1}")));
        return Combinators.combine(
                        filters(ids),
                        sorts,
                        Arbitraries.integers().between(0, 8),
                        Arbitraries.integers().between(0, 8),
                        Arbitraries.of(0, 2),
                        projections)
                .as(Find::new)
                .map(Step.class::cast);
    }

    private static Optional<BsonDocument> sort(String key, int direction) {
        return Optional.of(new BsonDocument(key, new BsonInt32(direction)));
    }

    private Arbitrary<BsonDocument> records(Arbitrary<BsonValue> ids) {
        return Combinators.combine(
                        ids,
                        Arbitraries.of("tools", "toys", "food").optional(),
                        quantities(),
                        Arbitraries.doubles().between(0, 100).ofScale(1).optional(),
                        Arbitraries.of("red", "blue", "new").list().ofMaxSize(3))
                .as((id, category, quantity, price, tags) -> {
                    var record = new BsonDocument();
                    // Always an id: one the driver made up would differ between the two stores.
                    record.put("_id", id);
                    category.ifPresent(value -> record.put("category", new BsonString(value)));
                    quantity.ifPresent(value -> record.put("quantity", value));
                    price.ifPresent(value -> record.put("price", new BsonDocument("amount", new BsonDouble(value))));
                    record.put(
                            "tags",
                            new BsonArray(tags.stream().map(BsonString::new).toList()));
                    return record;
                });
    }

    private Arbitrary<Optional<BsonValue>> quantities() {
        return Arbitraries.<BsonValue>oneOf(
                        Arbitraries.integers().between(0, 9).map(BsonInt32::new),
                        Arbitraries.of(BsonNull.VALUE, new BsonDouble(2.5), new BsonInt64(4)))
                .optional();
    }

    /** Mostly object ids from a small set (so that some repeat), and some of other types, which sort apart. */
    private Arbitrary<BsonValue> ids() {
        Arbitrary<BsonValue> objectIds = objectIds();
        Arbitrary<BsonValue> numbers = Arbitraries.integers().between(-3, 3).map(BsonInt32::new);
        Arbitrary<BsonValue> others = Arbitraries.of(
                new BsonString("a"),
                new BsonString("b"),
                new BsonDouble(1.5),
                new BsonInt64(1L << 40),
                BsonBoolean.TRUE,
                new BsonDateTime(1000));
        return Arbitraries.frequencyOf(Tuple.of(6, objectIds), Tuple.of(1, numbers), Tuple.of(1, others));
    }

    private Arbitrary<BsonValue> objectIds() {
        return Arbitraries.of(OBJECT_IDS).map(BsonObjectId::new);
    }

    private Arbitrary<BsonDocument> filters(Arbitrary<BsonValue> id) {
        Arbitrary<BsonDocument> others = Arbitraries.oneOf(
                Arbitraries.of("tools", "toys").map(c -> new BsonDocument("category", new BsonString(c))),
                Arbitraries.integers()
                        .between(0, 9)
                        .map(n -> BsonDocument.parse("{\"quantity\": {\"$gte\": " + n + "}}")),
                Arbitraries.of("red", "new").map(t -> new BsonDocument("tags", new BsonString(t))),
                Arbitraries.doubles()
                        .between(0, 100)
                        .ofScale(0)
                        .map(d -> BsonDocument.parse("{\"price.amount\": {\"$lt\": " + d + "}}")));
        Arbitrary<BsonDocument> onIds = Arbitraries.oneOf(
                id.map(v -> new BsonDocument("_id", v)),
                Combinators.combine(Arbitraries.of("$gt", "$gte", "$lt", "$lte", "$ne", "$eq"), id)
                        .as((op, v) -> new BsonDocument("_id", new BsonDocument(op, v))),
                Combinators.combine(id, id)
                        .as((a, b) -> new BsonDocument("_id", new BsonDocument("$gte", a).append("$lt", b))),
                Combinators.combine(id, id)
                        .as((a, b) -> new BsonDocument("_id", new BsonDocument("$in", new BsonArray(List.of(a, b))))),
                Arbitraries.of("string", "int", "objectId", "number", "bool")
                        .map(t -> BsonDocument.parse("{\"_id\": {\"$type\": \"" + t + "\"}}")),
                Arbitraries.just(BsonDocument.parse("{\"_id\": {\"$type\": [16, 2]}}")));
        Arbitrary<BsonDocument> mixed = Arbitraries.oneOf(
                id.map(CompactStorePropertyTest::keysetAfter),
                Combinators.combine(others, id)
                        .as((other, v) -> new BsonDocument("$and", new BsonArray(List.of(other, keysetAfter(v))))),
                Combinators.combine(others, id)
                        .as((other, v) -> new BsonDocument(
                                "$or",
                                new BsonArray(List.of(other, new BsonDocument("_id", new BsonDocument("$gt", v)))))));
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new BsonDocument())),
                Tuple.of(2, others),
                Tuple.of(4, onIds),
                Tuple.of(3, mixed));
    }

    /** The condition the service's cursor sends for the records after an id: after it, or of a later type. */
    private static BsonDocument keysetAfter(BsonValue id) {
        var laterTypes = new BsonArray(
                List.of(new BsonInt32(8), new BsonInt32(9), new BsonInt32(17), new BsonInt32(11), new BsonInt32(127)));
        return new BsonDocument(
                "$or",
                new BsonArray(List.of(
                        new BsonDocument("_id", new BsonDocument("$gt", id)),
                        new BsonDocument("_id", new BsonDocument("$type", laterTypes)))));
    }

    private Arbitrary<BsonDocument> updates() {
        return Arbitraries.oneOf(
                Arbitraries.integers()
                        .between(0, 9)
                        .map(n -> BsonDocument.parse("{\"$set\": {\"quantity\": " + n + "}}")),
                Arbitraries.just(BsonDocument.parse("{\"$set\": {\"note\": \"" + "x".repeat(40) + "\"}}")),
                Arbitraries.just(BsonDocument.parse("{\"$unset\": {\"category\": \"\"}}")));
    }

    private static List<ObjectId> objectIdPool() {
        var ids = new ArrayList<ObjectId>();
        for (int i = 0; i < 40; i++) {
            // Spread over the byte range, so that the order of unsigned bytes is exercised.
            ids.add(new ObjectId(String.format("%02x", (i * 23) % 256).repeat(12)));
        }
        return ids;
    }

    /**
     * A property's {@code tries} in the full tier (system property {@code test.full=true}, set by {@code -Pfull}), a
     * fifth of them by default: what the test kit's {@code Tier.Tries} does in the other modules. The kit is built on
     * this module, so its tests cannot use it.
     */
    public static final class TierTries implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property)
                throws Throwable {
            var attributes = context.attributes();
            if (!Boolean.getBoolean("test.full")) {
                attributes.tries().ifPresent(tries -> attributes.setTries(Math.max(1, tries / 5)));
            }
            return property.execute();
        }

        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS;
        }
    }
}
