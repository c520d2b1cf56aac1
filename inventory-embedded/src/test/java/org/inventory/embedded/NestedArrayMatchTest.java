package org.inventory.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both embedded stores (in memory and in an H2 file) select what MongoDB selects over nested arrays, for finds
 * sorted by {@code _id} and otherwise and for counts. The records and answers are those of MongoDB's own tests of
 * its matcher ({@code jstests/core/query/elemmatch/elemmatch_value.js}, {@code match_numeric_components.js},
 * {@code null_query_semantics.js}), read as MongoDB 7 answers them.
 */
class NestedArrayMatchTest {
    private static final List<String> ELEM_MATCH = List.of(
            "{a: 5}",
            "{a: [5]}",
            "{a: [3, 7]}",
            "{a: [[5]]}",
            "{a: [[3, 7]]}",
            "{a: [[[5]]]}",
            "{a: [[[3, 7]]]}",
            "{a: {b: 5}}",
            "{a: {b: [5]}}",
            "{a: {b: [3, 7]}}",
            "{a: [{b: 5}]}",
            "{a: [{b: 3}, {b: 7}]}",
            "{a: [{b: [5]}]}",
            "{a: [{b: [3, 7]}]}",
            "{a: [[{b: 5}]]}",
            "{a: [[{b: 3}, {b: 7}]]}",
            "{a: [[{b: [5]}]]}",
            "{a: [[{b: [3, 7]}]]}");
    private static final List<String> NUMERIC = List.of(
            "{a: 42}",
            "{a: [42]}",
            "{a: {'0': 42}}",
            "{a: [[42]]}",
            "{a: [{'0': 42}]}",
            "{a: {'0': [42]}}",
            "{a: {'0': {'0': 42}}}",
            "{a: [[[42]]]}",
            "{a: [[{'0': 42}]]}",
            "{a: [{'0': [42]}]}",
            "{a: [{'0': {'0': 42}}]}",
            "{a: {'0': [[42]]}}",
            "{a: {'0': [{'0': 42}]}}",
            "{a: {'0': {'0': [42]}}}",
            "{a: {'0': {'0': {'0': 42}}}}",
            "{a: [[[[42]]]]}",
            "{a: [[[{'0': 42}]]]}",
            "{a: [[{'0': [42]}]]}",
            "{a: [[{'0': {'0': 42}}]]}",
            "{a: [{'0': [[42]]}]}",
            "{a: [{'0': [{'0': 42}]}]}",
            "{a: [{'0': {'0': [42]}}]}",
            "{a: [{'0': {'0': {'0': 42}}}]}",
            "{a: {'0': [[[42]]]}}",
            "{a: {'0': [[{'0': 42}]]}}",
            "{a: {'0': [{'0': [42]}]}}",
            "{a: {'0': [{'0': {'0': 42}}]}}",
            "{a: {'0': {'0': [[42]]}}}",
            "{a: {'0': {'0': [{'0': 42}]}}}",
            "{a: {'0': {'0': {'0': [42]}}}}",
            "{a: {'0': {'0': {'0': {'0': 42}}}}}");
    private static final List<String> NULLS = List.of(
            "{a: {}}",
            "{a: null}",
            "{a: 4}",
            "{a: {b: 'hi'}}",
            "{a: {b: null}}",
            "{}",
            "{a: [[]]}",
            "{a: []}",
            "{a: [{b: null}, {b: null}, {}]}",
            "{a: [{b: 1}, {b: 3}, {b: 'string'}]}",
            "{a: [{b: null}, {b: 3}, {b: null}]}",
            "{a: [{b: 3}, {}]}",
            "{a: [null, null]}",
            "{a: [1, 'string', 4]}",
            "{a: [1, 'string', null, 4]}");

    private static Path h2Files;
    private static List<EmbeddedStore> stores;
    private static List<MongoClient> clients;

    @BeforeAll
    static void start() throws IOException {
        h2Files = Files.createTempDirectory("nested-array-match");
        stores = List.of(
                EmbeddedStore.start(Optional.empty()),
                EmbeddedStore.start(Optional.of(h2Files.resolve("store.mv.db").toString())));
        clients = stores.stream()
                .map(store -> MongoClients.create(MongoClientSettings.builder()
                        .applyConnectionString(new ConnectionString(store.url()))
                        .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                        .build()))
                .toList();
    }

    @AfterAll
    static void stop() throws IOException {
        clients.forEach(MongoClient::close);
        stores.forEach(EmbeddedStore::close);
        try (var files = Files.list(h2Files)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(h2Files);
    }

    @Test
    void the_four_filters_of_the_independent_check_over_an_array_of_arrays() {
        var records = List.of("{q: [[5]]}", "{q: [5]}", "{q: 5}", "{q: [[5], 7]}");
        assertSelects(records, "{q: [5]}", 0, 1, 3);
        assertSelects(records, "{q: {$in: [5, null]}}", 1, 2);
        assertSelects(records, "{q: {$nin: [5, 7]}}", 0);
        // An element that is an array is one value to $elemMatch's operators: [5] is not between 4 and 6.
        assertSelects(records, "{q: {$elemMatch: {$gt: 4, $lt: 6}}}", 1);
    }

    @Test
    void elem_match_tests_each_element_as_one_value_and_looks_into_inner_arrays_only_when_asked() {
        assertSelects(ELEM_MATCH, "{a: {$elemMatch: {$lt: 6, $gt: 4}}}", 1);
        assertSelects(ELEM_MATCH, "{'a.b': {$elemMatch: {$lt: 6, $gt: 4}}}", 8, 12);
        assertSelects(ELEM_MATCH, "{a: {$elemMatch: {$elemMatch: {$lt: 6, $gt: 4}}}}", 3);
        assertSelects(ELEM_MATCH, "{a: {$elemMatch: {$type: 'number'}}}", 1, 2);
        assertSelects(ELEM_MATCH, "{a: {$elemMatch: {$type: 'array'}}}", 3, 4, 5, 6, 14, 15, 16, 17);
        assertSelects(ELEM_MATCH, "{a: {$elemMatch: {b: {$lt: 6, $gt: 4}}}}", 10, 12, 13);
        assertSelects(ELEM_MATCH, "{a: {$elemMatch: {b: {$elemMatch: {$lt: 6, $gt: 4}}}}}", 12);
        assertSelects(ELEM_MATCH, "{a: {$elemMatch: {$elemMatch: {b: {$lt: 6, $gt: 4}}}}}", 14, 16, 17);
    }

    @Test
    void a_numeric_part_names_an_element_or_a_field_and_an_element_it_names_is_one_value() {
        assertSelects(NUMERIC, "{'a.0': 42}", 1, 2, 4, 5, 9);
        assertSelects(NUMERIC, "{'a.0': {$gt: 41}}", 1, 2, 4, 5, 9);
        assertSelects(NUMERIC, "{'a.0': {$type: 'number'}}", 1, 2, 4, 5, 9);
        assertSelects(NUMERIC, "{'a.0.0': 42}", 3, 4, 5, 6, 8, 9, 10, 12, 13, 17, 20, 21, 25);
        assertSelects(NUMERIC, "{'a.0': {$all: [{$elemMatch: {'0': 42}}]}}", 7, 8, 11, 12, 15, 17, 19, 20, 23, 25);
        var notIn = new TreeSet<Integer>();
        for (int i = 0; i < NUMERIC.size(); i++) {
            notIn.add(i);
        }
        notIn.removeAll(List.of(1, 2, 4, 5, 9));
        assertSelects(
                NUMERIC,
                "{'a.0': {$nin: [41, 42, 43]}}",
                notIn.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void null_through_an_array_matches_only_a_document_element_that_lacks_the_field() {
        assertSelects(NULLS, "{'a.b': null}", 0, 1, 2, 4, 5, 8, 10, 11);
        assertSelects(NULLS, "{'a.b': {$ne: null}}", 3, 6, 7, 9, 12, 13, 14);
        assertSelects(NULLS, "{'a.b': {$exists: false}}", 0, 1, 2, 5, 6, 7, 12, 13, 14);
        assertSelects(NULLS, "{a: null}", 1, 5, 12, 14);
        assertSelects(NULLS, "{a: {$nin: [null, []]}}", 0, 2, 3, 4, 8, 9, 10, 11, 13);
        // An element that is an array is matched as the document of its positions: [] lacks b.
        assertSelects(NULLS, "{a: {$elemMatch: {b: null}}}", 6, 8, 10, 11);
    }

    @Test
    void size_all_type_and_not_read_the_field_not_the_elements_of_inner_arrays() {
        var records = List.of(
                "{a: [[1, 2]]}", "{a: [1, 2]}", "{a: [[1], [2]]}", "{a: []}", "{a: [[]]}", "{a: [{b: [1, 2]}]}");
        assertSelects(records, "{a: {$size: 2}}", 1, 2);
        assertSelects(records, "{'a.b': {$size: 2}}", 5);
        assertSelects(records, "{a: {$size: 0}}", 3);
        assertSelects(records, "{a: {$all: [[1, 2]]}}", 0, 1);
        assertSelects(records, "{a: {$all: [1, 2]}}", 1);
        assertSelects(records, "{a: {$all: [[1], [2]]}}", 2);
        assertSelects(records, "{a: {$type: 'array'}}", 0, 1, 2, 3, 4, 5);
        assertSelects(records, "{'a.0': {$type: 'array'}}", 0, 2, 4);
        assertSelects(records, "{a: {$not: {$gt: 1}}}", 0, 2, 3, 4, 5);
        assertSelects(records, "{a: {$gt: [1]}}", 0, 1, 2, 4, 5);
        assertSelects(records, "{a: {$exists: false}}");
        assertSelects(records, "{'a.b': {$exists: true}}", 5);
        assertSelects(records, "{'a.0.b.1': 2}", 5);
    }

    @Test
    void arrays_and_documents_holding_null_compare_as_values() {
        var records = List.of("{a: [null]}", "{a: [[null]]}", "{a: {x: null}}", "{a: [{x: null}]}", "{a: null}");
        assertSelects(records, "{a: {$in: [[null]]}}", 0, 1);
        assertSelects(records, "{a: {x: null}}", 2, 3);
        assertSelects(records, "{a: {$gte: [null]}}", 0, 1, 3);
        assertSelects(records, "{a: {$lt: {x: 1}}}", 2, 3);
    }

    private static void assertSelects(List<String> records, String filter, int... expected) {
        var numbered = new ArrayList<BsonDocument>();
        for (int i = 0; i < records.size(); i++) {
            numbered.add(BsonDocument.parse(records.get(i)).append("_id", new BsonInt32(i)));
        }
        var wanted = new ArrayList<Integer>();
        for (int id : expected) {
            wanted.add(id);
        }
        BsonDocument query = BsonDocument.parse(filter);
        for (MongoClient client : clients) {
            MongoCollection<BsonDocument> collection =
                    client.getDatabase(EmbeddedStore.DATABASE).getCollection("nested", BsonDocument.class);
            collection.deleteMany(new BsonDocument());
            collection.insertMany(numbered);
            String store = client.getClusterDescription()
                            .getServerDescriptions()
                            .getFirst()
                            .getAddress() + " " + filter;
            assertEquals(wanted, ids(collection.find(query).sort(Sorts.ascending("_id"))), store);
            assertEquals(wanted, ids(collection.find(query)).stream().sorted().toList(), store + " unsorted");
            assertEquals(wanted.size(), collection.countDocuments(query), store + " counted");
        }
    }

    private static List<Integer> ids(Iterable<BsonDocument> found) {
        var ids = new ArrayList<Integer>();
        found.forEach(record -> ids.add(record.getInt32("_id").getValue()));
        return ids;
    }
}
