package org.inventory.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.ConnectionString;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteUpsert;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What upsert mode asks of the store, as MongoDB answers it: conditional replaces with upsert in an unordered bulk,
 * a compound unique index whose duplicate key (11000) names the record's index in the bulk, the stored {@code _id}
 * kept by a replacement without one, and finds by the index's keys plus other conditions.
 */
class CompactStoreUpsertTest {
    private EmbeddedStore store;
    private MongoClient client;
    private MongoCollection<Document> items;

    @BeforeEach
    void start() {
        store = EmbeddedStore.startInMemory(100_000_000);
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(store.url()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build());
        items = client.getDatabase(EmbeddedStore.DATABASE).getCollection("items");
        items.createIndex(Indexes.ascending("sku", "w.code"), new IndexOptions().unique(true));
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    private static ReplaceOneModel<Document> newer(String sku, String code, int version) {
        return new ReplaceOneModel<>(
                Filters.and(Filters.eq("sku", sku), Filters.eq("w.code", code), Filters.lt("v", version)),
                new Document("sku", sku).append("w", new Document("code", code)).append("v", version),
                new ReplaceOptions().upsert(true));
    }

    @Test
    void conditional_replaces_insert_new_keys_replace_older_versions_and_meet_the_unique_index_otherwise() {
        var first =
                items.bulkWrite(List.of(newer("A", "1", 1), newer("B", "1", 5)), new BulkWriteOptions().ordered(false));
        assertEquals(
                List.of(0, 1),
                first.getUpserts().stream().map(BulkWriteUpsert::getIndex).toList());
        ObjectId id = items.find(Filters.eq("sku", "A")).first().getObjectId("_id");

        List<WriteModel<Document>> second =
                List.of(newer("B", "1", 5), newer("A", "1", 2), newer("B", "1", 4), newer("C", "2", 1));
        var refused = assertThrows(
                MongoBulkWriteException.class, () -> items.bulkWrite(second, new BulkWriteOptions().ordered(false)));
        assertEquals(
                List.of(0, 2),
                refused.getWriteErrors().stream().map(BulkWriteError::getIndex).toList());
        assertEquals(
                List.of(11000, 11000),
                refused.getWriteErrors().stream().map(BulkWriteError::getCode).toList());
        assertEquals(
                List.of(3),
                refused.getWriteResult().getUpserts().stream()
                        .map(BulkWriteUpsert::getIndex)
                        .toList());
        assertEquals(1, refused.getWriteResult().getMatchedCount());

        var stored = items.find().sort(Sorts.ascending("sku")).into(new ArrayList<>());
        assertEquals(
                new Document("_id", id)
                        .append("sku", "A")
                        .append("w", new Document("code", "1"))
                        .append("v", 2),
                stored.getFirst());
        assertEquals(
                List.of(2, 5, 1), stored.stream().map(d -> d.getInteger("v")).toList());
    }

    @Test
    void a_find_by_the_index_keys_and_more_and_an_or_of_them_read_the_index_and_match_the_whole_query() {
        items.bulkWrite(
                List.of(newer("A", "1", 3), newer("A", "2", 4), newer("B", "1", 5)),
                new BulkWriteOptions().ordered(false));
        assertEquals(
                List.of("A"),
                items.find(Filters.and(Filters.eq("sku", "A"), Filters.eq("w.code", "2"), Filters.gte("v", 4)))
                        .map(d -> d.getString("sku"))
                        .into(new ArrayList<>()));
        assertEquals(
                List.of(),
                items.find(Filters.and(Filters.eq("sku", "A"), Filters.eq("w.code", "2"), Filters.gt("v", 4)))
                        .into(new ArrayList<>()));
        assertEquals(
                List.of(3, 5),
                items.find(Filters.or(
                                Filters.and(Filters.eq("sku", "A"), Filters.eq("w.code", "1")),
                                Filters.and(Filters.eq("sku", "B"), Filters.eq("w.code", "1")),
                                Filters.and(Filters.eq("sku", "Z"), Filters.eq("w.code", "1"))))
                        .map(d -> d.getInteger("v"))
                        .into(new ArrayList<>()));
        assertEquals(3, items.countDocuments(Filters.eq("sku", "A")) + items.countDocuments(Filters.eq("sku", "B")));
    }

    @Test
    void a_replace_by_key_stores_only_a_change_and_moves_the_key_but_not_the_id() {
        items.bulkWrite(
                List.of(newer("A", "1", 1), newer("B", "1", 1), newer("C", "1", 1)),
                new BulkWriteOptions().ordered(false));
        // The store's ids, in their order, and which item has which.
        List<Document> before = items.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
        List<ObjectId> ids = before.stream().map(d -> d.getObjectId("_id")).toList();
        ObjectId idOfB = before.stream()
                .filter(d -> d.getString("sku").equals("B"))
                .findFirst()
                .orElseThrow()
                .getObjectId("_id");
        var replace = new ReplaceOptions().upsert(true);

        // The same record again: matched, not modified (MongoDB's no-op), and still there.
        var same = items.replaceOne(
                key("A", "1"),
                new Document("sku", "A").append("w", new Document("code", "1")).append("v", 1),
                replace);
        assertEquals(1, same.getMatchedCount());
        assertEquals(0, same.getModifiedCount());
        // Its fields in another order: a change, stored in that order, as MongoDB compares the bytes.
        var reordered = items.replaceOne(
                key("A", "1"), new Document("v", 1).append("sku", "A").append("w", new Document("code", "1")), replace);
        assertEquals(1, reordered.getModifiedCount());

        // A replacement with another key: the index moves with it; onto a stored key it is refused (11000).
        var moved = items.replaceOne(
                key("B", "1").append("v", new Document("$lt", 2)),
                new Document("sku", "B").append("w", new Document("code", "2")).append("v", 2),
                replace);
        assertEquals(1, moved.getModifiedCount());
        assertEquals(0, items.countDocuments(key("B", "1")));
        assertEquals(idOfB, items.find(key("B", "2")).first().getObjectId("_id"));
        var clash = assertThrows(
                com.mongodb.MongoWriteException.class,
                () -> items.replaceOne(
                        key("C", "1"), new Document("sku", "A").append("w", new Document("code", "1")), replace));
        assertEquals(11000, clash.getCode());

        // Every record kept its _id and its place in the _id order, ranges included.
        assertEquals(
                ids,
                items.find()
                        .sort(Sorts.ascending("_id"))
                        .map(d -> d.getObjectId("_id"))
                        .into(new ArrayList<>()));
        List<Document> after = items.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
        assertEquals(
                before.stream().map(d -> d.getString("sku")).toList(),
                after.stream().map(d -> d.getString("sku")).toList());
        assertEquals(
                after.subList(1, 3).stream().map(d -> d.getString("sku")).toList(),
                items.find(Filters.gt("_id", ids.get(0)))
                        .sort(Sorts.ascending("_id"))
                        .map(d -> d.getString("sku"))
                        .into(new ArrayList<>()));
        assertEquals(
                before.stream().map(d -> d.getString("sku").equals("B") ? 2 : 1).toList(),
                after.stream().map(d -> d.getInteger("v")).toList());
    }

    /** A filter as upsert mode writes it: the key's fields side by side, not under {@code $and}. */
    private static Document key(String sku, String code) {
        return new Document("sku", sku).append("w.code", code);
    }
}
