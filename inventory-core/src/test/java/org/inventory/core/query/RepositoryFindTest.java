package org.inventory.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.bson.BsonDocument;
import org.inventory.core.store.InventoryRepository;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreLocation;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RepositoryFindTest {
    private static final String COLLECTION = "repository_find";
    private static final Duration TIME = Duration.ofSeconds(10);
    private static Store store;
    private static InventoryRepository repository;

    @BeforeAll
    static void open() {
        var records = TestStore.database().getCollection(COLLECTION, BsonDocument.class);
        records.drop();
        records.insertMany(List.of(BsonDocument.parse("{\"_id\":1,\"qty\":1,\"tags\":[\"x\",\"y\"]}"),
                BsonDocument.parse("{\"_id\":2,\"qty\":2,\"tags\":[\"z\"]}"),
                BsonDocument.parse("{\"_id\":3,\"qty\":3}")));
        store = Store.open(StoreLocation.remote(TestStore.url(), TestStore.database().getName()), TIME);
        repository = new InventoryRepository(store, COLLECTION);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void counts_no_further_than_the_limit() {
        assertEquals(3, repository.count(FilterSpec.all(), 10, TIME));
        assertEquals(2, repository.count(FilterSpec.all(), 2, TIME));
        assertEquals(2, repository.count(FilterSpec.parse("{\"qty\":{\"$gte\":2}}"), 10, TIME));
    }

    @Test
    void an_array_sort_key_refuses_the_cursor_not_the_last_page() {
        var query = new Query(FilterSpec.all(), SortSpec.parse("-tags"), FieldsSpec.all(), Optional.empty(), TIME);
        assertEquals(3, repository.find(query, 3).items().size());
        assertEquals("sort", assertThrows(QueryException.class, () -> repository.find(query, 1)).parameter());
    }
}
