package org.inventory.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.inventory.testkit.Http;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded store at its memory bound, in a server with a small heap: ingest is refused with the non-retryable
 * {@code store_full} that says to set {@code MONGODB_URL}, promptly and again for the next message (no stall in
 * full collections), {@code /health} says the store is full, and {@code /display} still answers.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StoreFullTest {
    private static final int BATCH = 200;
    private static final Pattern REFUSAL =
            Pattern.compile("\\{\"ok\":false,\"seq\":\\d+,\"error\":\\{\"code\":\"store_full\","
                    + "\"message\":\"the store is full and refused " + BATCH
                    + " record\\(s\\): the embedded store is at its memory"
                    + " bound: [^\"]*set MONGODB_URL to a MongoDB server to store more\",\"retryable\":false}}");

    @Test
    void a_full_embedded_store_refuses_ingest_with_store_full_and_keeps_browsing() throws Exception {
        var env = TestEnv.server("store_full_test", Map.of("MONGODB_URL", "embedded"));
        try (var server = ServerProcess.start(env, "-Xmx128m").awaitHealthy(Duration.ofSeconds(60));
                var client = WsClient.connect(server.port())) {
            String batch = batch();
            int stored = 0;
            String refusal = null;
            // 64 MiB of the 128 MiB heap hold some 50,000 such records: it must refuse well before 2,000 batches.
            for (int seq = 1; seq <= 2000 && refusal == null; seq++) {
                String reply = client.send(batch).reply();
                if (reply.equals("{\"ok\":true,\"seq\":" + seq + ",\"inserted\":" + BATCH + ",\"duplicates\":0}")) {
                    stored += BATCH;
                } else {
                    refusal = reply;
                }
            }
            if (refusal == null) {
                fail("the store took 2,000 batches of 1 KB records in a 128 MiB heap");
            }
            assertTrue(REFUSAL.matcher(refusal).matches(), refusal);
            assertTrue(stored > 10_000, "refused after " + stored + " records");
            assertTrue(REFUSAL.matcher(client.send(batch).reply()).matches(), "the next message is refused as well");

            var health = Http.get(server.port(), "/health");
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(
                    Pattern.compile("\"full\"\\s*:\\s*true")
                            .matcher(health.body())
                            .find(),
                    health.body());

            var page = Http.get(server.port(), "/display?per_page=5");
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().startsWith("{\"page\":1,\"per_page\":5,\"total\":" + stored + ","), page.body());
        }
    }

    /** A message of {@link #BATCH} records of about 1 KB. */
    private static String batch() {
        var records = new StringBuilder("[");
        for (int i = 0; i < BATCH; i++) {
            records.append(i == 0 ? "" : ",")
                    .append("{\"sku\":\"SKU-")
                    .append(i)
                    .append("\",\"note\":\"")
                    .append("x".repeat(1000))
                    .append("\"}");
        }
        return records.append(']').toString();
    }
}
