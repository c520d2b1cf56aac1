package org.inventory.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoCollection;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;
import org.inventory.core.store.RecordQueries;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreLocation;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.Tier;

/**
 * Walking every page of a find with its cursor tokens yields each matching record once, in MongoDB's order, for
 * data made to be awkward: ties, missing fields, nulls and values of several types in one field, sorted by one to
 * three keys in either direction. The order is checked twice: against the store's own {@code find().sort()}, and
 * against MongoDB's documented order computed here in Java ({@link #MONGODB_ORDER}), so that a store which
 * sorted across types differently from MongoDB would show up rather than be taken as the reference.
 */
@AddLifecycleHook(Tier.Tries.class) // the tries below under -Pfull, a fifth by default
class FindWalkPropertyTest {
    private static final String COLLECTION = "find_walk_property";
    private static final List<String> FIELDS = List.of("a", "b", "c");
    private static final List<String> FILTERS = List.of(
            "{}",
            "{\"a\":{\"$exists\":true}}",
            "{\"b\":{\"$ne\":null}}",
            "{\"c\":{\"$gte\":0}}",
            "{\"$or\":[{\"a\":{\"$type\":\"string\"}},{\"b\":true}]}",
            "{\"a\":{\"$in\":[1,2,\"x\",null]}}");
    private static Store store;
    private static RecordQueries queries;
    private static MongoCollection<BsonDocument> raw;

    @BeforeContainer
    static void open() {
        var database = TestStore.database();
        store = Store.open(StoreLocation.remote(TestStore.url(), database.getName()), Duration.ofSeconds(10));
        queries = new RecordQueries(store, COLLECTION);
        raw = database.getCollection(COLLECTION, BsonDocument.class);
    }

    @AfterContainer
    static void close() {
        raw.drop();
        store.close();
    }

    @Property(tries = 500)
    void walking_the_pages_yields_every_record_once_in_mongodb_order(
            @ForAll("records") List<BsonDocument> records,
            @ForAll("sorts") String sortText,
            @ForAll("filters") String filterText,
            @ForAll("pageSizes") int pageSize) {
        raw.drop();
        if (!records.isEmpty()) {
            raw.insertMany(records);
        }
        FilterSpec filter = FilterSpec.parse(filterText);
        SortSpec sort = SortSpec.parse(sortText);
        FieldsSpec fields = FieldsSpec.parse("c");

        var walked = new ArrayList<BsonValue>();
        Optional<Cursor> after = Optional.empty();
        for (int pages = 0; ; pages++) {
            var page = queries.find(new Query(filter, sort, fields, after, Duration.ofSeconds(10)), pageSize);
            page.items().forEach(item -> walked.add(item.get("_id")));
            for (RawBsonDocument item : page.items()) {
                // Only the asked fields come back, though the sort keys were read for the cursor.
                assertEquals(true, new HashSet<>(List.of("_id", "c")).containsAll(item.keySet()), item.toJson());
            }
            if (page.next().isEmpty()) {
                break;
            }
            after = Optional.of(queries.cursor(page.next().get(), filter, sort));
            if (pages > records.size() + 1) {
                throw new AssertionError("the walk does not end: " + walked);
            }
        }

        List<BsonValue> byStore = raw.find(filter.filter())
                .sort(sort.toBson())
                .map(document -> document.get("_id"))
                .into(new ArrayList<>());
        assertEquals(byStore, walked, "walk against the store's find().sort()");

        List<BsonValue> byRules = records.stream()
                .filter(record -> byStore.contains(record.get("_id")))
                .sorted(order(sort))
                .map(record -> record.get("_id"))
                .toList();
        assertEquals(byRules, byStore, "the store's order against MongoDB's documented order");
    }

    /**
     * The same while another client inserts: between every two pages, records are added anywhere in the order. The
     * walk still holds every record that was there from the start, once; it never repeats one; and what it yields
     * is in the query's order, the new records it meets included (those before the cursor are behind it, unseen).
     */
    @Property(tries = 200)
    void walking_while_records_are_inserted_skips_and_repeats_nothing(
            @ForAll("records") List<BsonDocument> records,
            @ForAll("records") List<BsonDocument> inserted,
            @ForAll("sorts") String sortText,
            @ForAll("filters") String filterText,
            @ForAll("pageSizes") int pageSize) {
        raw.drop();
        if (!records.isEmpty()) {
            raw.insertMany(records);
        }
        FilterSpec filter = FilterSpec.parse(filterText);
        SortSpec sort = SortSpec.parse(sortText);
        List<BsonValue> before =
                raw.find(filter.filter()).map(document -> document.get("_id")).into(new ArrayList<>());

        var walked = new ArrayList<BsonDocument>();
        var pending = new ArrayList<>(inserted);
        Optional<Cursor> after = Optional.empty();
        for (int pages = 0; ; pages++) {
            var page = queries.find(new Query(filter, sort, FieldsSpec.all(), after, Duration.ofSeconds(10)), pageSize);
            page.items().forEach(item -> walked.add(item.decode(new org.bson.codecs.BsonDocumentCodec())));
            // Another client's records arrive between this page and the next.
            for (int i = 0; i < 3 && !pending.isEmpty(); i++) {
                raw.insertOne(pending.removeLast());
            }
            if (page.next().isEmpty()) {
                break;
            }
            after = Optional.of(queries.cursor(page.next().get(), filter, sort));
            if (pages > records.size() + inserted.size() + 1) {
                throw new AssertionError("the walk does not end: " + walked);
            }
        }

        List<BsonValue> ids = walked.stream().map(record -> record.get("_id")).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no record twice: " + ids);
        assertEquals(true, ids.containsAll(before), "every record there from the start: " + before + " in " + ids);
        assertEquals(walked.stream().sorted(order(sort)).toList(), walked, "the walk in the query's order");
    }

    @Provide
    Arbitrary<List<BsonDocument>> records() {
        Arbitrary<BsonValue> value = Arbitraries.oneOf(
                Arbitraries.just(null), // missing
                Arbitraries.just(BsonNull.VALUE),
                Arbitraries.integers().between(-2, 2).map(BsonInt32::new),
                Arbitraries.longs().between(-2, 2).map(BsonInt64::new),
                Arbitraries.of(-1.5, 0.0, 1.0, 1.5, 2.0).map(BsonDouble::new),
                Arbitraries.of("", "a", "b", "B", "x").map(BsonString::new),
                Arbitraries.of(true, false).map(BsonBoolean::valueOf));
        Arbitrary<BsonDocument> record = Combinators.combine(value, value, value)
                .as((a, b, c) -> {
                    var document = new BsonDocument("_id", new BsonObjectId(new ObjectId()));
                    putUnlessMissing(document, "a", a);
                    putUnlessMissing(document, "b", b);
                    putUnlessMissing(document, "c", c);
                    return document;
                });
        return record.list().ofMaxSize(30);
    }

    private static void putUnlessMissing(BsonDocument document, String name, BsonValue value) {
        if (value != null) {
            document.put(name, value);
        }
    }

    @Provide
    Arbitrary<String> sorts() {
        Arbitrary<String> key = Arbitraries.of(FIELDS);
        return Combinators.combine(
                        key.list().ofMinSize(1).ofMaxSize(3).uniqueElements(),
                        Arbitraries.of(true, false).list().ofSize(3),
                        Arbitraries.of("", ",_id", ",-_id"))
                .as((keys, descending, id) -> {
                    var parts = new ArrayList<String>();
                    for (int i = 0; i < keys.size(); i++) {
                        parts.add((descending.get(i) ? "-" : "") + keys.get(i));
                    }
                    return String.join(",", parts) + id;
                });
    }

    @Provide
    Arbitrary<String> filters() {
        return Arbitraries.of(FILTERS);
    }

    @Provide
    Arbitrary<Integer> pageSizes() {
        return Arbitraries.integers().between(1, 4);
    }

    /** MongoDB's order for a sort, as documented: by type bracket first, then by value within a bracket. */
    private static Comparator<BsonDocument> order(SortSpec sort) {
        Comparator<BsonDocument> order = null; // a sort has at least one key (_id)
        for (SortKey key : sort.keys()) {
            Comparator<BsonDocument> byKey = (x, y) -> MONGODB_ORDER.compare(x.get(key.path()), y.get(key.path()));
            byKey = key.descending() ? byKey.reversed() : byKey;
            order = order == null ? byKey : order.thenComparing(byKey);
        }
        return order;
    }

    /** Missing as null; numbers by value across types; strings by their bytes (no collation); false before true. */
    private static final Comparator<BsonValue> MONGODB_ORDER = (x, y) -> {
        int brackets = Integer.compare(BsonOrder.bracket(x), BsonOrder.bracket(y));
        if (brackets != 0) {
            return brackets;
        }
        if (x == null || y == null || x.isNull() || y.isNull()) {
            return 0;
        }
        if (x.isNumber() || x.isDecimal128()) {
            return number(x).compareTo(number(y));
        }
        if (x.isString()) {
            return x.asString().getValue().compareTo(y.asString().getValue()); // ASCII here: the same as bytes
        }
        if (x.isBoolean()) {
            return Boolean.compare(x.asBoolean().getValue(), y.asBoolean().getValue());
        }
        if (x.isObjectId()) {
            return x.asObjectId().getValue().compareTo(y.asObjectId().getValue());
        }
        throw new IllegalArgumentException("not generated: " + x);
    };

    private static BigDecimal number(BsonValue value) {
        return switch (value.getBsonType()) {
            case INT32 -> BigDecimal.valueOf(value.asInt32().getValue());
            case INT64 -> BigDecimal.valueOf(value.asInt64().getValue());
            case DOUBLE -> new BigDecimal(value.asDouble().getValue());
            default -> value.asDecimal128().getValue().bigDecimalValue();
        };
    }
}
