package org.inventory.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The in-memory store's bound, through the driver: a full store refuses inserts plainly and still answers reads. */
class CompactStoreTest {
    private static final long BOUND = 400_000;

    private EmbeddedStore store;
    private MongoClient client;
    private MongoDatabase database;
    private MongoCollection<Document> records;

    @BeforeEach
    void start() {
        store = EmbeddedStore.startInMemory(BOUND);
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(store.url()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build());
        database = client.getDatabase(EmbeddedStore.DATABASE);
        records = database.getCollection("records");
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    @Test
    void a_full_store_refuses_every_record_of_an_insert_with_exceeded_memory_limit() {
        int stored = fill();
        List<Document> batch = batch(10);

        var refused = assertThrows(
                MongoBulkWriteException.class, () -> records.insertMany(batch, new InsertManyOptions().ordered(false)));

        assertEquals(
                IntStream.range(0, 10).boxed().toList(),
                refused.getWriteErrors().stream().map(BulkWriteError::getIndex).toList());
        for (BulkWriteError error : refused.getWriteErrors()) {
            assertEquals(146, error.getCode());
            assertTrue(error.getMessage().contains("set MONGODB_URL"), error.getMessage());
        }
        assertEquals(stored, records.countDocuments());
    }

    @Test
    void a_full_store_still_answers_finds_and_counts() {
        int stored = fill();

        List<Document> page =
                records.find().sort(Sorts.ascending("_id")).limit(50).into(new ArrayList<>());

        assertEquals(50, page.size());
        assertEquals(stored, records.estimatedDocumentCount());
        assertEquals(
                stored,
                records.find()
                        .sort(Sorts.descending("_id"))
                        .batchSize(7)
                        .into(new ArrayList<>())
                        .size());
    }

    @Test
    void db_stats_tells_how_much_of_the_bound_the_records_take() {
        Document empty = database.runCommand(new Document("dbStats", 1));
        records.insertMany(batch(10));
        Document after = database.runCommand(new Document("dbStats", 1));

        assertEquals(BOUND, ((Number) empty.get("fsTotalSize")).longValue());
        assertEquals(0, ((Number) empty.get("fsUsedSize")).longValue());
        long used = ((Number) after.get("fsUsedSize")).longValue();
        assertTrue(used > 10 * 1000 && used < 10 * 2000, "10 records of about 1 KB take " + used);
    }

    @Test
    void dropping_a_collection_gives_its_share_of_the_bound_back() {
        fill();

        records.drop();
        records.insertMany(batch(10));

        assertEquals(10, records.countDocuments());
        long used = ((Number) database.runCommand(new Document("dbStats", 1)).get("fsUsedSize")).longValue();
        assertTrue(used < 10 * 2000, "only the 10 new records count: " + used);
    }

    /** Inserts batches until the store refuses one; returns how many records it holds. */
    private int fill() {
        int stored = 0;
        while (true) {
            try {
                records.insertMany(batch(20), new InsertManyOptions().ordered(false));
                stored += 20;
            } catch (MongoBulkWriteException full) {
                assertTrue(stored > 0 && stored * 1000L < BOUND * 2, "refused after " + stored + " records");
                return stored;
            }
        }
    }

    private static List<Document> batch(int size) {
        var batch = new ArrayList<Document>(size);
        for (int i = 0; i < size; i++) {
            batch.add(new Document("_id", new ObjectId()).append("name", "x".repeat(1000)));
        }
        return batch;
    }
}
