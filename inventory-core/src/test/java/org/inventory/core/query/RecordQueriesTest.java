package org.inventory.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.inventory.core.store.RecordQueries;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreAdmin;
import org.inventory.core.store.StoreLocation;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecordQueriesTest {
    private static final String COLLECTION = "repository_find";
    private static final Duration TIME = Duration.ofSeconds(10);
    private static Store store;
    private static RecordQueries queries;

    @BeforeAll
    static void open() {
        var records = TestStore.database().getCollection(COLLECTION, BsonDocument.class);
        records.drop();
        records.insertMany(List.of(
                BsonDocument.parse("{\"_id\":1,\"qty\":1,\"tags\":[\"x\",\"y\"]}"),
                BsonDocument.parse("{\"_id\":2,\"qty\":2,\"tags\":[\"z\"]}"),
                BsonDocument.parse("{\"_id\":3,\"qty\":3}")));
        store = Store.open(
                StoreLocation.remote(TestStore.url(), TestStore.database().getName()), TIME);
        queries = new RecordQueries(store, COLLECTION);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void counts_no_further_than_the_limit() {
        assertEquals(3, queries.count(FilterSpec.all(), 10, TIME));
        assertEquals(2, queries.count(FilterSpec.all(), 2, TIME));
        assertEquals(2, queries.count(FilterSpec.parse("{\"qty\":{\"$gte\":2}}"), 10, TIME));
    }

    @Test
    void an_array_sort_key_refuses_the_cursor_not_the_last_page() {
        var query = new Query(FilterSpec.all(), SortSpec.parse("-tags"), FieldsSpec.all(), Optional.empty(), TIME);
        assertEquals(3, queries.find(query, 3).items().size());
        assertEquals(
                "sort",
                assertThrows(QueryException.class, () -> queries.find(query, 1)).parameter());
        // By page number the page is served, only without a token to continue from.
        var page = queries.page(query, 1, 1);
        assertEquals(1, page.items().size());
        assertEquals(Optional.empty(), page.next());
        assertEquals(1, queries.page(query, 3, 1).items().size());
    }

    @Test
    void a_page_by_number_skips_the_pages_before_it_and_offers_a_cursor_for_the_rest() {
        var query = new Query(FilterSpec.all(), SortSpec.parse("-qty"), FieldsSpec.all(), Optional.empty(), TIME);
        var second = queries.page(query, 2, 1);
        assertEquals(List.of(2), ids(second.items()));
        var rest = queries.find(
                new Query(
                        query.filter(),
                        query.sort(),
                        query.fields(),
                        Optional.of(queries.cursor(second.next().orElseThrow(), query.filter(), query.sort())),
                        TIME),
                5);
        assertEquals(List.of(1), ids(rest.items()));
        assertEquals(List.of(), queries.page(query, Integer.MAX_VALUE, 1000).items());
    }

    @Test
    void a_stream_reads_every_match_in_order_with_the_fields_asked_for() {
        var query = new Query(
                FilterSpec.parse("{\"qty\":{\"$gte\":2}}"),
                SortSpec.parse("-qty"),
                FieldsSpec.parse("qty"),
                Optional.empty(),
                TIME);
        try (var stream = queries.stream(query)) {
            var items = new java.util.ArrayList<org.bson.RawBsonDocument>();
            stream.forEachRemaining(items::add);
            assertEquals(List.of(3, 2), ids(items));
            assertEquals(java.util.Set.of("_id", "qty"), items.getFirst().keySet());
        }
    }

    @Test
    void a_closed_stream_reads_no_more() {
        var stream =
                queries.stream(new Query(FilterSpec.all(), SortSpec.byId(), FieldsSpec.all(), Optional.empty(), TIME));
        assertEquals(true, stream.hasNext());
        stream.close();
        assertEquals(false, stream.hasNext());
    }

    @Test
    void indexes_are_created_once_and_existing_ones_left_alone() {
        var indexes = IndexSpec.parseList("qty,-qty+tags");
        assertEquals(List.of(), new StoreAdmin(store, COLLECTION).ensureIndexes(indexes));
        assertEquals(List.of(), new StoreAdmin(store, COLLECTION).ensureIndexes(indexes));
    }

    private static List<Integer> ids(List<org.bson.RawBsonDocument> items) {
        return items.stream().map(item -> item.getInt32("_id").getValue()).toList();
    }
}
