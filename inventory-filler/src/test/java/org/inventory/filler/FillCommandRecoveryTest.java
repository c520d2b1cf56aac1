package org.inventory.filler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The loader rides out a server restart and a store outage: it reconnects, retries, resends, and ends with exit 0. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("chaos") // a store or server stopped under load: the full tier
class FillCommandRecoveryTest {

    @Test
    void after_the_server_restarts_on_its_port_the_loader_reconnects_and_every_record_is_stored_once()
            throws Exception {
        MongoCollection<Document> stored = TestStore.emptyCollection("filler_restart");
        // Capped at 4,000 records/s, the 10,000 records take some 2.5 s: the server is stopped well within that.
        LoaderRecovery.throughServerRestart(
                "filler_restart",
                stored,
                10_000,
                "--count",
                "10000",
                "--seed",
                "71",
                "--batch-size",
                "50",
                "--rate",
                "4000",
                "--connections",
                "2");
        assertEquals(10_000, stored.countDocuments());
        assertEquals(Filler.expectedIds(71, 10_000), Filler.storedIds(stored));
    }

    @Test
    void while_the_store_is_down_the_loader_retries_and_finishes_once_it_is_back(@TempDir Path dir) throws Exception {
        LoaderRecovery.throughStoreOutage(
                dir,
                "filler_outage",
                3_000,
                List.of("--count", "3000", "--seed", "81", "--batch-size", "50", "--rate", "1500"),
                (filler, stored) -> {
                    assertTrue(filler.err().contains("retrying with backoff"), filler::transcript);
                    assertEquals(Filler.expectedIds(81, 3_000), Filler.storedIds(stored));
                });
    }
}
