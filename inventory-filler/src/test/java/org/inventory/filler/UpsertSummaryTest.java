package org.inventory.filler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The loader's summary against a server in upsert mode: it counts replaced and stale records too. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpsertSummaryTest {
    private static final String COLLECTION = "loader_upsert_summary";

    @Test
    void an_import_to_a_server_in_upsert_mode_counts_replaced_and_stale_records_and_succeeds(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("versions.ndjson");
        Files.writeString(file, """
                {"sku":"A","v":1,"qty":1}
                {"sku":"A","v":2,"qty":2}
                {"sku":"A","v":2,"qty":2}
                {"sku":"A","v":1,"qty":1}
                {"sku":"B","v":1,"qty":5}
                """);
        TestStore.emptyCollection(COLLECTION);
        try (var server = InventoryServer.start(Settings.from(TestEnv.server(
                COLLECTION,
                Map.of("INVENTORY_WRITE_MODE", "upsert", "INVENTORY_KEY", "sku", "INVENTORY_VERSION_FIELD", "v"))))) {
            var filler = Filler.with(
                    "--file",
                    file.toString(),
                    "--url",
                    Filler.url(server.port()),
                    "--connections",
                    "1",
                    "--batch-size",
                    "1",
                    "--window",
                    "1",
                    "--quiet");
            assertEquals(0, filler.run(), filler::transcript);
            String summary = filler.out().strip().lines().reduce((a, b) -> b).orElseThrow();
            assertTrue(
                    summary.matches(
                            "5 records in \\d+\\.\\d s \\(\\d+ records/s\\): inserted 2, replaced 1, duplicates 1,"
                                    + " stale 1, failed 0, refused 0"),
                    summary);
            assertEquals(2, TestStore.database().getCollection(COLLECTION).countDocuments());
        }
    }
}
