package org.inventory.filler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.inventory.filler.generate.RecordGenerator;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.ChildProcesses;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When not every record can be acknowledged: exit 1, the summary, and one line saying why. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FillCommandFailureTest {

    @Test
    void without_a_server_the_loader_gives_up_within_the_timeout_with_exit_1_and_says_why() throws IOException {
        // A port that was free a moment ago and has nobody listening now.
        int port = ChildProcesses.freePort();
        long start = System.nanoTime();
        var filler = Filler.with("--count", "100", "--url", Filler.url(port), "--timeout", "2s");
        assertEquals(1, filler.run(), filler::transcript);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(
                took.compareTo(Duration.ofSeconds(2)) >= 0 && took.compareTo(Duration.ofSeconds(5)) < 0,
                () -> "took " + took + "\n" + filler.transcript());
        assertEquals(new Filler.Summary(100, 0, 0, 100), filler.summary());
        assertTrue(
                filler.err()
                        .endsWith("inventory-filler: cannot connect to " + Filler.url(port)
                                + ": Connection refused; gave up after 2 s without progress (--timeout)"
                                + System.lineSeparator()),
                filler::transcript);
    }

    @Test
    void messages_the_server_refuses_are_counted_as_failed_and_reported_by_record() {
        String collection = "filler_refused";
        var stored = TestStore.emptyCollection(collection);
        try (InventoryServer server =
                InventoryServer.start(Settings.from(TestEnv.server(collection, Map.of("INVENTORY_MAX_BATCH", "60"))))) {
            // Batches of 100 exceed the server's limit of 60 and are refused whole; the last 50 fit.
            var filler = Filler.with("--count", "250", "--seed", "5", "--url", Filler.url(server.port()));
            assertEquals(1, filler.run(), filler::transcript);
            assertEquals(new Filler.Summary(250, 50, 0, 200), filler.summary());
            var generator = new RecordGenerator(5);
            assertTrue(
                    filler.err()
                            .contains("refused records 0-99 (_id " + generator.id(0) + " to " + generator.id(99)
                                    + "): batch_too_large: "),
                    filler::transcript);
            assertTrue(filler.err().contains("refused records 100-199 (_id "), filler::transcript);
            assertTrue(
                    filler.err()
                            .endsWith("inventory-filler: 200 of 250 records were refused by the server"
                                    + " (2 messages; see above)" + System.lineSeparator()),
                    filler::transcript);
            assertEquals(
                    Filler.expectedIds(5, 250).stream()
                            .filter(id -> id.compareTo(generator.id(200)) >= 0)
                            .collect(java.util.stream.Collectors.toSet()),
                    Filler.storedIds(stored));
        }
    }

    @Test
    void a_token_the_server_does_not_accept_ends_the_run_at_once_with_exit_1() {
        try (InventoryServer server = InventoryServer.start(
                Settings.from(TestEnv.server("filler_token", Map.of("INGEST_TOKEN", "s3cret"))))) {
            long start = System.nanoTime();
            var filler = Filler.with("--count", "10", "--url", Filler.url(server.port()), "--token", "wrong");
            assertEquals(1, filler.run(), filler::transcript);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "not waiting for --timeout");
            assertTrue(
                    filler.err()
                            .contains("inventory-filler: the server refused the WebSocket upgrade at "
                                    + Filler.url(server.port()) + " with HTTP 4"),
                    filler::transcript);
            assertTrue(filler.err().contains("--token"), filler::transcript);
            assertEquals(new Filler.Summary(10, 0, 0, 10), filler.summary());
        }
    }

    @Test
    void the_token_is_sent_with_the_upgrade() {
        TestStore.emptyCollection("filler_token");
        try (InventoryServer server = InventoryServer.start(
                Settings.from(TestEnv.server("filler_token", Map.of("INGEST_TOKEN", "s3cret"))))) {
            var filler = Filler.with("--count", "10", "--url", Filler.url(server.port()), "--token", "s3cret");
            assertEquals(0, filler.run(), filler::transcript);
            assertEquals(new Filler.Summary(10, 10, 0, 0), filler.summary());
        }
    }

    @Test
    void a_credential_over_its_rate_makes_the_loader_wait_as_told_and_every_record_arrives() throws Exception {
        TestStore.emptyCollection("filler_rate");
        java.nio.file.Path credentials = java.nio.file.Files.createTempFile("credentials", ".jsonl");
        try {
            // 20 records at 40 per second with bursts of 5: the server refuses most messages at first and says when
            // to come back; the loader waits that long and sends them again.
            java.nio.file.Files.writeString(
                    credentials,
                    "{\"name\":\"loader\",\"sha256\":\""
                            + org.inventory.server.access.Credential.hashHex("rate-token")
                            + "\",\"scopes\":[\"ingest\"],"
                            + "\"rate\":{\"records_per_s\":40,\"burst\":5}}\n");
            try (InventoryServer server = InventoryServer.start(Settings.from(
                    TestEnv.server("filler_rate", Map.of("INVENTORY_CREDENTIALS_FILE", credentials.toString()))))) {
                var filler = Filler.with(
                        "--count",
                        "20",
                        "--batch-size",
                        "5",
                        "--connections",
                        "2",
                        "--url",
                        Filler.url(server.port()),
                        "--token",
                        "rate-token");
                assertEquals(0, filler.run(), filler::transcript);
                assertEquals(new Filler.Summary(20, 20, 0, 0), filler.summary());
                assertTrue(
                        filler.err().contains("rate_limited")
                                || filler.out().contains("rate_limited")
                                || filler.transcript().contains("retried"),
                        filler::transcript);
            }
        } finally {
            java.nio.file.Files.deleteIfExists(credentials);
        }
    }
}
