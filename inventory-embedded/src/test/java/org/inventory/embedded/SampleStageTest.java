package org.inventory.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code $sample} after leading matches: distinct records of the match, as many as asked or all there are. */
class SampleStageTest {
    private static EmbeddedStore store;
    private static MongoClient client;
    private static MongoCollection<Document> records;

    @BeforeAll
    static void start() {
        store = EmbeddedStore.start(java.util.Optional.empty(), 0);
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(store.url()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build());
        records = client.getDatabase(EmbeddedStore.DATABASE).getCollection("sample");
        records.insertMany(IntStream.range(0, 20_000)
                .mapToObj(i -> new Document("_id", i).append("even", i % 2 == 0))
                .toList());
    }

    @AfterAll
    static void stop() {
        client.close();
        store.close();
    }

    @Test
    void a_sample_of_a_large_collection_is_distinct_records_of_the_match() {
        for (int round = 0; round < 5; round++) {
            List<Document> sample = records.aggregate(List.of(new Document("$sample", new Document("size", 1000))))
                    .into(new ArrayList<>());
            assertEquals(1000, sample.size());
            assertEquals(
                    1000, new HashSet<>(sample.stream().map(d -> d.get("_id")).toList()).size());
        }
        List<Document> even = records.aggregate(List.of(
                        new Document("$match", new Document("even", true)),
                        new Document("$sample", new Document("size", 500))))
                .into(new ArrayList<>());
        assertEquals(500, even.size());
        assertTrue(even.stream().allMatch(d -> d.getBoolean("even")));
        assertEquals(
                10_000,
                records.aggregate(List.of(
                                new Document("$match", new Document("even", false)),
                                new Document("$sample", new Document("size", 15_000))))
                        .into(new ArrayList<>())
                        .size());
    }
}
