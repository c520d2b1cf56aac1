package org.inventory.filler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.inventory.filler.generate.RecordGenerator;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The loader against a running server: every record stored once, in every shape of sending. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FillCommandTest {
    private static final String COLLECTION = "filler_load";
    private static InventoryServer server;
    private MongoCollection<Document> stored;

    @BeforeAll
    static void startServer() {
        server = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION)));
    }

    @AfterAll
    static void stopServer() {
        server.shutdown(Duration.ofSeconds(5));
    }

    @BeforeEach
    void emptyCollection() {
        stored = TestStore.emptyCollection(COLLECTION);
    }

    @ParameterizedTest(name = "--batch-size {1} over {2} connection(s), seed {0}")
    @CsvSource({"11, 1, 1", "12, 1, 4", "13, 100, 1", "14, 100, 4"})
    void five_thousand_records_in_any_batch_size_over_any_connections_are_all_stored_once(
            long seed, int batchSize, int connections) {
        assertAllStoredOnce(
                5_000,
                seed,
                "--batch-size",
                Integer.toString(batchSize),
                "--connections",
                Integer.toString(connections));
    }

    @Test
    void records_are_stored_as_generated_with_their_own_ids() {
        var filler = run(3, 21, "--batch-size", "2");
        assertEquals(0, filler.run(), filler::transcript);
        var generator = new RecordGenerator(21);
        for (long i = 0; i < 3; i++) {
            Document expected = Document.parse(generator.record(i));
            expected.put("_id", new ObjectId(generator.id(i)));
            assertEquals(
                    expected,
                    stored.find(Filters.eq("_id", new ObjectId(generator.id(i))))
                            .first());
        }
    }

    @Test
    void the_same_seed_sends_the_same_records_whatever_the_batch_size_and_connections() {
        var first = run(1_000, 31, "--batch-size", "1", "--connections", "3");
        assertEquals(0, first.run(), first::transcript);
        List<Document> firstRecords = stored.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());

        stored = TestStore.emptyCollection(COLLECTION);
        var second = run(1_000, 31, "--batch-size", "300", "--connections", "2");
        assertEquals(0, second.run(), second::transcript);
        assertEquals(firstRecords, stored.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
    }

    @Test
    void sending_a_seed_again_stores_nothing_new_and_counts_every_record_as_a_duplicate() {
        var first = run(2_000, 41);
        assertEquals(0, first.run(), first::transcript);
        var again = run(2_000, 41, "--connections", "2");
        assertEquals(0, again.run(), again::transcript);
        assertEquals(new Filler.Summary(2_000, 0, 2_000, 0), again.summary());
        assertEquals(2_000, stored.countDocuments());
    }

    @Test
    void without_a_seed_a_random_one_is_printed_and_repeats_the_run() {
        var first = Filler.with("--count", "50", "--url", Filler.url(server.port()), "--quiet");
        assertEquals(0, first.run(), first::transcript);
        var seedLine = java.util.regex.Pattern.compile("seed (-?\\d+) \\(--seed \\1 sends the same records again\\)")
                .matcher(first.out());
        assertTrue(seedLine.find(), first::transcript);
        var again = run(50, Long.parseLong(seedLine.group(1)));
        assertEquals(0, again.run(), again::transcript);
        assertEquals(new Filler.Summary(50, 0, 50, 0), again.summary());
    }

    @Test
    void the_rate_cap_spreads_the_records_over_time() {
        long start = System.nanoTime();
        var filler = run(1_000, 51, "--rate", "2000", "--batch-size", "100");
        assertEquals(0, filler.run(), filler::transcript);
        // The first message goes at once; the other 900 records take 0.45 s at 2000/s.
        assertTrue(System.nanoTime() - start >= 440_000_000L, filler::transcript);
        assertEquals(new Filler.Summary(1_000, 1_000, 0, 0), filler.summary());
    }

    @Test
    void waiting_for_the_rate_cap_longer_than_the_timeout_is_not_taken_for_a_stuck_server() {
        // The second message may go only after a second, twice the timeout; nothing is owed meanwhile.
        var filler = run(200, 52, "--rate", "100", "--batch-size", "100", "--timeout", "500ms");
        assertEquals(0, filler.run(), filler::transcript);
        assertEquals(new Filler.Summary(200, 200, 0, 0), filler.summary());
    }

    @Test
    void quiet_prints_only_the_seed_and_the_summary() {
        var filler = run(10, 61, "--quiet");
        assertEquals(0, filler.run(), filler::transcript);
        assertEquals("", filler.err(), filler::transcript);
        assertEquals(2, filler.out().strip().lines().count(), filler::transcript);
    }

    private void assertAllStoredOnce(int count, long seed, String... shape) {
        var filler = run(count, seed, shape);
        assertEquals(0, filler.run(), filler::transcript);
        assertEquals(new Filler.Summary(count, count, 0, 0), filler.summary(), filler::transcript);
        assertEquals(count, stored.countDocuments());
        assertEquals(Filler.expectedIds(seed, count), Filler.storedIds(stored));
    }

    private static Filler run(int count, long seed, String... more) {
        var args = new ArrayList<>(List.of(
                "--count", Integer.toString(count), "--seed", Long.toString(seed), "--url", Filler.url(server.port())));
        args.addAll(List.of(more));
        return Filler.with(args.toArray(String[]::new));
    }
}
