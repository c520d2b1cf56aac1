package org.inventory.server.ingest;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bson.RawBsonDocument;
import org.inventory.core.RecordParser;
import org.inventory.core.store.RecordWriter;
import org.inventory.core.store.UpsertKey;
import org.inventory.server.access.AccessControl;

/**
 * Ingest over WebSocket at {@code ws://HOST:PORT/}, as the server wires it in: the upgrader that takes the
 * handshake, the header reader that lets every casing of {@code Upgrade: websocket} reach it, the filter that
 * admits upgrades, and the drain on shutdown. Everything else of ingest stays inside this package.
 */
public final class WebSocketIngest {
    private final IngestSessions sessions;
    private final StoreWriter storeWriter;
    private final IngestAdmission admission;
    private final AccessControl access;
    private final IngestMetrics metrics;

    /**
     * @param limits          what the server buffers and combines (already fitted to the largest message)
     * @param maxMessageBytes the largest message taken; a larger one is refused as {@code message_too_large}
     * @param access          who may open a connection and send what
     * @param sourceField     the field each record's provenance is stamped under, if any
     * @param storeTimeout    how long one store write may take; a closing connection drains within about twice it
     * @param acknowledged    given the records of each write the store stored (inserted, and in upsert mode the
     *                        stored documents of those that replaced a record), once acknowledged; must not wait;
     *                        null when nobody listens
     * @param upsert          upsert mode's key and version field; empty in insert mode
     * @param listening       whether {@code acknowledged} can reach anyone now; upsert mode reads the stored
     *                        {@code _id}s of its records for it only then
     * @param maxConnections  ingest connections open at once; an upgrade beyond them is answered 503
     */
    public WebSocketIngest(
            RecordWriter writer,
            RecordParser parser,
            MeterRegistry registry,
            IngestLimits limits,
            int maxMessageBytes,
            AccessControl access,
            Optional<String> sourceField,
            Duration storeTimeout,
            Consumer<List<RawBsonDocument>> acknowledged,
            Optional<UpsertKey> upsert,
            java.util.function.BooleanSupplier listening,
            int maxConnections) {
        this.metrics = new IngestMetrics(registry);
        this.storeWriter = new StoreWriter(
                writer, metrics, limits.writeRecords(), limits.storeWriters(), acknowledged, upsert, listening);
        this.sessions = new IngestSessions(
                parser,
                sourceField.map(field -> new Provenance(field, Clock.systemUTC())),
                upsert,
                storeWriter,
                metrics,
                limits,
                maxMessageBytes,
                drainTimeout(storeTimeout));
        this.access = access;
        this.admission = new IngestAdmission(access, sessions::stopping, sessions::open, maxConnections);
        metrics.watch(sessions);
    }

    /**
     * A closing connection's two runs at the store each end within the store timeout, and a draining connection
     * stops writing once the store is unavailable; the rest is slack for a store writer busy with others.
     */
    private static Duration drainTimeout(Duration storeTimeout) {
        return storeTimeout.multipliedBy(2).plusSeconds(1);
    }

    /** Takes the WebSocket handshake at {@code /} and turns the connection into an ingest connection. */
    public Http1Upgrader upgrader() {
        return new IngestUpgrader(sessions, access);
    }

    /**
     * Opens the device port: ingest alone, on {@code host:port} (0: any free port), with this ingest's sessions
     * and limits; at most {@code maxSockets} TCP connections at once, the rest wait to be accepted.
     */
    public DeviceListener listenForDevices(String host, int port, int maxSockets) {
        DeviceListener devices = DeviceListener.start(
                host, port, new DeviceHandshake(sessions, access, admission), sessions.maxMessageBytes(), maxSockets);
        metrics.watch(devices);
        return devices;
    }

    /** Reads the {@code Upgrade} header's tokens as RFC 6455 does, before Helidon looks for an upgrader. */
    public Http1ConnectionListener upgradeHeaders() {
        return new UpgradeTokens();
    }

    /** The routing filter that refuses an upgrade without a valid token (401, 403, 429) or while stopping (503). */
    public Filter admission() {
        return admission;
    }

    /**
     * Stops taking connections and messages, answers what is in flight, and closes the WebSockets with 1001;
     * waits at most {@code grace}. Returns whether every connection finished in time.
     */
    public boolean shutdown(Duration grace) throws InterruptedException {
        return sessions.shutdown(grace);
    }

    /** Stops the store writers; after {@link #shutdown}, once the connections are answered. */
    public void close() {
        storeWriter.close();
    }
}
