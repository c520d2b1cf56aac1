package org.inventory.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.inventory.server.config.Settings;
import org.inventory.server.http.FindParameters;
import org.inventory.testkit.Http;
import org.inventory.testkit.TestEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A query the store gives up on at its {@code maxTimeMS} is a 422 {@code query_timeout} telling what to do, on
 * {@code /display}, {@code /export}, {@code /summary} and {@code /schema}. The embedded store ignores {@code maxTimeMS}, so this one answers every
 * query that carries it as MongoDB answers one that ran out of time: error 50, {@code MaxTimeMSExpired}, over the
 * wire to the real driver.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueryTimeoutTest {

    /** A store on which every query with a time limit runs out of it. */
    private static final class OutOfTimeBackend extends MemoryBackend {
        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            if (query.containsKey("maxTimeMS")) {
                throw new MongoServerError(50, "MaxTimeMSExpired", "operation exceeded time limit");
            }
            return super.handleCommand(channel, database, command, query);
        }
    }

    @Test
    void a_query_out_of_time_is_a_422_saying_to_narrow_the_filter_or_add_an_index() throws Exception {
        var store = new MongoServer(new OutOfTimeBackend());
        store.bind("127.0.0.1", 0);
        var address = store.getLocalAddress();
        try (var server = InventoryServer.start(Settings.from(TestEnv.server(
                "timeouts",
                Map.of(
                        "MONGODB_URL",
                        "mongodb://127.0.0.1:" + address.getPort() + "/test",
                        "INVENTORY_QUERY_TIMEOUT_MS",
                        "50"))))) {
            String filter = "filter=" + FindParameters.encode("{\"quantity\":{\"$gt\":1}}");
            for (String path : new String[] {
                "/display",
                "/display?" + filter,
                "/display?sort=-sku&format=html",
                "/export",
                "/export?format=csv&" + filter,
                "/summary?group=status&sum=quantity",
                "/summary?group=@arrival:minute&" + filter,
                "/schema",
                "/schema?" + filter
            }) {
                HttpResponse<String> response = Http.get(server.port(), path);
                assertEquals(422, response.statusCode(), path + ": " + response.body());
                BsonDocument error = BsonDocument.parse(response.body()).getDocument("error");
                assertEquals("query_timeout", error.getString("code").getValue());
                String message = error.getString("message").getValue();
                assertTrue(message.contains("narrow the filter") && message.contains("INVENTORY_INDEXES"), message);
            }
            // The store itself is fine: ingest and health go on.
            assertEquals(200, Http.get(server.port(), "/health").statusCode());
        } finally {
            store.shutdownNow();
        }
    }
}
