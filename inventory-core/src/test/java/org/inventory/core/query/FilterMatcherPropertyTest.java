package org.inventory.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoCollection;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.Tier;

/**
 * The matcher selects the same records as the store's own {@code find} with the same filter, for generated records
 * (numbers of all four types, strings, booleans, null, missing fields, arrays, empty arrays, arrays of arrays with
 * nulls and empty arrays inside, embedded documents holding arrays and arrays of them) and generated filters of every
 * allowed operator, over paths that go through arrays by name and by position ({@code a.0.x}, {@code a.x.0},
 * {@code a.0.0}). With {@code INVENTORY_TEST_MONGODB_URL} this compares with real MongoDB; on the embedded store, which
 * matches as MongoDB does, every generated filter is compared too. {@link FilterMatcherTest} pins MongoDB's answer
 * for each rule.
 */
@AddLifecycleHook(Tier.Tries.class) // 1,000 tries under -Pfull, 200 by default
class FilterMatcherPropertyTest {
    private static final String COLLECTION = "filter_matcher_property";
    private static MongoCollection<BsonDocument> raw;

    @BeforeContainer
    static void open() {
        raw = TestStore.database().getCollection(COLLECTION, BsonDocument.class);
    }

    @AfterContainer
    static void close() {
        raw.drop();
    }

    @Property(tries = 1000)
    void the_matcher_selects_what_the_store_finds(
            @ForAll("records") List<BsonDocument> records, @ForAll("filters") BsonDocument filter) {
        assertSameSelection(records, filter);
    }

    /** The four filters an independent check found the embedded store and the live feed to answer apart. */
    @Example
    void the_store_and_the_matcher_agree_over_an_array_of_arrays() {
        var records = List.of(
                BsonDocument.parse("{\"q\":[[5]]}"),
                BsonDocument.parse("{\"q\":[5]}"),
                BsonDocument.parse("{\"q\":5}"));
        assertEquals(Set.of(0, 1), assertSameSelection(records, BsonDocument.parse("{\"q\":[5]}")));
        assertEquals(Set.of(1, 2), assertSameSelection(records, BsonDocument.parse("{\"q\":{\"$in\":[5,null]}}")));
        assertEquals(Set.of(0), assertSameSelection(records, BsonDocument.parse("{\"q\":{\"$nin\":[5,7]}}")));
        // MongoDB tests an element of $elemMatch as one value: [5] is an array, not a number between 4 and 6.
        assertEquals(
                Set.of(1),
                assertSameSelection(records, BsonDocument.parse("{\"q\":{\"$elemMatch\":{\"$gt\":4,\"$lt\":6}}}")));
    }

    /** Stores the records, finds with the filter and matches each: the two selections must be one; it is returned. */
    private static Set<Integer> assertSameSelection(List<BsonDocument> records, BsonDocument filter) {
        raw.drop();
        var numbered = new ArrayList<BsonDocument>();
        for (int i = 0; i < records.size(); i++) {
            numbered.add(records.get(i).clone().append("_id", new BsonInt32(i)));
        }
        if (!numbered.isEmpty()) {
            raw.insertMany(numbered);
        }
        FilterSpec spec = FilterSpec.parse(filter.toJson());
        Set<Integer> found = new TreeSet<>();
        raw.find(spec.filter())
                .forEach(record -> found.add(record.getInt32("_id").getValue()));
        FilterMatcher matcher = FilterMatcher.of(spec);
        Set<Integer> matched = new TreeSet<>();
        for (BsonDocument record : numbered) {
            if (matcher.matches(record)) {
                matched.add(record.getInt32("_id").getValue());
            }
        }
        assertEquals(found, matched, () -> "filter " + filter.toJson() + " on " + numbered);
        assertEquals(
                found.size(),
                raw.countDocuments(spec.filter()),
                () -> "count of " + filter.toJson() + " on " + numbered);
        return found;
    }

    @Provide
    Arbitrary<List<BsonDocument>> records() {
        Arbitrary<BsonValue> scalar = scalars();
        // Arrays may be empty and hold nulls (a scalar may be null); inner arrays likewise.
        Arbitrary<BsonValue> flat = Arbitraries.oneOf(scalar, array(scalar));
        Arbitrary<BsonValue> inner = Arbitraries.frequencyOf(Tuple.of(3, flat), Tuple.of(2, array(flat)));
        Arbitrary<BsonValue> document = inner.map(v -> new BsonDocument("x", v));
        Arbitrary<BsonValue> nested = Arbitraries.frequencyOf(
                Tuple.of(3, inner), Tuple.of(2, document), Tuple.of(2, array(Arbitraries.oneOf(inner, document))));
        Arbitrary<BsonDocument> record = Arbitraries.maps(Arbitraries.of("a", "b"), nested)
                .ofMaxSize(2)
                .map(map -> {
                    var fields = new BsonDocument();
                    map.forEach(fields::put);
                    return fields;
                });
        return record.list().ofMaxSize(8);
    }

    private static Arbitrary<BsonValue> array(Arbitrary<BsonValue> elements) {
        return elements.list().ofMaxSize(3).map(list -> new BsonArray(new ArrayList<>(list)));
    }

    private static Arbitrary<BsonValue> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-2, 3).map(BsonInt32::new),
                Arbitraries.longs().between(-2, 3).map(BsonInt64::new),
                Arbitraries.of(-1.5, 0.0, 1.0, 2.5).map(BsonDouble::new),
                Arbitraries.of("0", "1.5", "2").map(text -> new BsonDecimal128(new Decimal128(new BigDecimal(text)))),
                Arbitraries.of("", "a", "ab", "B", "b1").map(BsonString::new),
                Arbitraries.of(BsonBoolean.TRUE, BsonBoolean.FALSE, BsonNull.VALUE));
    }

    @Provide
    Arbitrary<BsonDocument> filters() {
        Arbitrary<String> path =
                Arbitraries.of("a", "b", "a.x", "b.x", "a.0", "a.1", "a.1.x", "a.0.x", "a.x.0", "a.0.0", "a.0.x.0");
        Arbitrary<BsonValue> scalar = Arbitraries.oneOf(
                Arbitraries.integers().between(-2, 3).map(BsonInt32::new),
                Arbitraries.of(0.5, 1.0, 2.5).map(BsonDouble::new),
                Arbitraries.of("a", "b", "").map(BsonString::new),
                Arbitraries.of(BsonBoolean.TRUE, BsonBoolean.FALSE));
        Arbitrary<BsonValue> scalarOrNull = Arbitraries.oneOf(scalar, Arbitraries.just(BsonNull.VALUE));
        // Arrays and documents to compare with: [], [1], [[1]], [null], {"x": 1}, {"x": [1]}.
        Arbitrary<BsonValue> composite = Arbitraries.oneOf(
                array(scalarOrNull),
                array(array(scalar)),
                Arbitraries.oneOf(scalar, array(scalar)).map(v -> new BsonDocument("x", v)));
        Arbitrary<BsonValue> operand = Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(1, composite));
        Arbitrary<BsonValue> operandOrNull = Arbitraries.oneOf(operand, Arbitraries.just(BsonNull.VALUE));
        Arbitrary<BsonArray> list =
                operandOrNull.list().ofMinSize(1).ofMaxSize(3).map(BsonArray::new);
        Arbitrary<String> comparison = Arbitraries.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte");
        Arbitrary<BsonDocument> onValue = Arbitraries.oneOf(
                comparison.flatMap(op -> operandOrNull.map(v -> new BsonDocument(op, v))),
                Combinators.combine(scalar, scalar).as((low, high) -> new BsonDocument("$gt", low).append("$lt", high)),
                Arbitraries.of("$in", "$nin").flatMap(op -> list.map(v -> new BsonDocument(op, v))),
                Arbitraries.of(true, false).map(b -> new BsonDocument("$exists", BsonBoolean.valueOf(b))),
                Arbitraries.of(
                                "int", "long", "double", "decimal", "string", "bool", "null", "array", "object",
                                "number")
                        .map(type -> new BsonDocument("$type", new BsonString(type))),
                Arbitraries.integers().between(0, 3).map(n -> new BsonDocument("$size", new BsonInt32(n))),
                Arbitraries.of("a", "^a", "b$", "^ab$", "^B")
                        .map(pattern -> new BsonDocument("$regex", new BsonString(pattern))));
        Arbitrary<BsonDocument> elemMatchOnValues = Arbitraries.oneOf(
                onValue,
                onValue.map(c -> new BsonDocument("$elemMatch", c)),
                onValue.map(c -> new BsonDocument("$not", c)));
        Arbitrary<BsonDocument> elemMatchQuery = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("x", "0", "x.0"), operandOrNull)
                        .as((p, v) -> new BsonDocument(p, v)),
                Combinators.combine(Arbitraries.of("x", "0"), onValue).as((p, c) -> new BsonDocument(p, c)),
                Combinators.combine(Arbitraries.of("x", "0"), operandOrNull, Arbitraries.of("x", "0"), operandOrNull)
                        .as((p, v, q, w) -> new BsonDocument(
                                "$or", new BsonArray(List.of(new BsonDocument(p, v), new BsonDocument(q, w))))),
                Arbitraries.just(new BsonDocument()));
        Arbitrary<BsonDocument> condition = Arbitraries.oneOf(
                onValue,
                onValue.map(c -> new BsonDocument("$not", c)),
                list.map(v -> new BsonDocument("$all", v)),
                Arbitraries.just(new BsonDocument("$all", new BsonArray())),
                elemMatchOnValues.map(c -> new BsonDocument("$elemMatch", c)),
                elemMatchQuery.map(q -> new BsonDocument("$elemMatch", q)),
                elemMatchQuery
                        .list()
                        .ofMinSize(1)
                        .ofMaxSize(2)
                        .map(queries -> new BsonDocument(
                                "$all",
                                new BsonArray(queries.stream()
                                        .<BsonValue>map(q -> new BsonDocument("$elemMatch", q))
                                        .toList()))),
                elemMatchOnValues.map(c -> new BsonDocument("$not", new BsonDocument("$elemMatch", c))));
        Arbitrary<BsonDocument> field = path.flatMap(p -> Arbitraries.oneOf(
                condition.map(c -> new BsonDocument(p, c)), operandOrNull.map(v -> new BsonDocument(p, v))));
        return Arbitraries.oneOf(
                field,
                Arbitraries.of("$and", "$or", "$nor")
                        .flatMap(op -> field.list()
                                .ofMinSize(1)
                                .ofMaxSize(3)
                                .map(clauses -> new BsonDocument(op, new BsonArray(new ArrayList<>(clauses))))));
    }
}
