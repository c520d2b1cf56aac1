package org.inventory.server;

import java.lang.System.Logger.Level;
import java.time.Duration;

import com.mongodb.MongoException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.accesslog.AccessLogFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import org.inventory.core.InventoryRepository;
import org.inventory.core.RecordParser;
import org.inventory.core.Settings;
import org.inventory.core.Store;

/**
 * The running service: the web server with its routes (ingest at {@code ws://HOST:PORT/}, {@code /display},
 * {@code /health}, {@code /metrics}) over one store. {@link #start} wires it; {@link #shutdown} drains it.
 */
public final class InventoryServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(InventoryServer.class.getName());

    private final Settings settings;
    private final Store store;
    private final IngestEndpoint ingest;
    private final StoreWriter storeWriter;
    private final WebServer server;

    private InventoryServer(Settings settings, Store store, IngestEndpoint ingest, StoreWriter storeWriter, WebServer server) {
        this.settings = settings;
        this.store = store;
        this.ingest = ingest;
        this.storeWriter = storeWriter;
        this.server = server;
    }

    /** Opens the store and starts serving. The store is closed again if the server cannot start. */
    public static InventoryServer start(Settings settings) {
        Store store = Store.open(settings.store(), settings.storeTimeout());
        try {
            return start(settings, store, IngestLimits.DEFAULT);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    static InventoryServer start(Settings settings, Store store, IngestLimits limits) {
        var repository = new InventoryRepository(store, settings.collection());
        var registry = Metrics.globalRegistry();
        var metrics = new IngestMetrics(registry);
        IngestLimits fitted = limits.fitting(settings.maxBatch(), settings.maxMessageBytes());
        var storeWriter = new StoreWriter(repository, metrics, fitted.writeRecords(), fitted.storeWriters());
        var ingest = new IngestEndpoint(new RecordParser(settings.maxBatch()), storeWriter, metrics, fitted,
                settings.maxMessageBytes(), settings.ingestToken(), drainTimeout(settings));
        metrics.watch(ingest);
        var display = new DisplayService(repository, metrics, settings.itemsPerPage(), settings.maxPerPage());
        var health = new StoreHealthCheck(repository, store.location().toString());

        WebServer server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                // Helidon leaves Nagle on: a response written in parts then waits for the client's delayed
                // ACK, some 40 ms per request on a kept-alive connection.
                .connectionOptions(options -> options.tcpNoDelay(true))
                // We drain ingest ourselves on SIGTERM before the server stops.
                .shutdownHook(false)
                .shutdownGracePeriod(Duration.ofSeconds(2))
                // Our HTTP/1 selector, the only one (a second would change how Helidon answers HTTP/1.0 and
                // garbage): it upgrades ingest to our own WebSocket connection.
                .protocolsDiscoverServices(false)
                .addConnectionSelector(Http1ConnectionSelector.builder()
                        .config(Http1Config.builder().addReceiveListener(new UpgradeTokens()).build())
                        .addUpgrader(new IngestUpgrader(ingest))
                        .build())
                .addFeature(AccessLogFeature.builder().commonLogFormat().build())
                .addFeature(ObserveFeature.builder()
                        .endpoint("/")
                        .addObserver(HealthObserver.builder().endpoint("health").details(true)
                                .useSystemServices(false).addCheck(health).build())
                        .addObserver(MetricsObserver.builder().endpoint("metrics").build())
                        .build())
                .routing(routing -> routing(routing, ingest, display))
                .build()
                .start();
        return new InventoryServer(settings, store, ingest, storeWriter, server);
    }

    /**
     * A closing connection's two runs at the store each end within the store timeout, and a draining connection
     * stops writing once the store is unavailable; the rest is slack for a store writer busy with others.
     */
    private static Duration drainTimeout(Settings settings) {
        return settings.storeTimeout().multipliedBy(2).plusSeconds(1);
    }

    static void routing(HttpRouting.Builder routing, IngestEndpoint ingest, DisplayService display) {
        // Upgrades pass the routing filters first: the one place that refuses ingest (401, or 503 while shutting down).
        routing.addFilter((chain, req, res) -> {
                    if (isUpgrade(req) && (ingest.shuttingDown() || !ingest.authorized(req.headers()))) {
                        refuseUpgrade(res, ingest);
                    } else {
                        chain.proceed();
                    }
                })
                .register("/display", display)
                .get("/", (req, res) -> res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, "/display").send())
                .error(InvalidParameterException.class, (req, res, e) -> ErrorBodies.send(res, Status.BAD_REQUEST_400,
                        ErrorBodies.invalidParameter(e.parameter(), e.getMessage())))
                .error(MongoException.class, (req, res, e) -> {
                    LOG.log(Level.WARNING, "store unavailable for " + req.path().path() + ": " + e.getMessage());
                    ErrorBodies.send(res, Status.SERVICE_UNAVAILABLE_503,
                            ErrorBodies.error("unavailable", "the store is unavailable; try again"));
                });
    }

    private static boolean isUpgrade(ServerRequest req) {
        return req.headers().contains(HeaderNames.UPGRADE)
                && UpgradeTokens.includes(req.headers().get(HeaderNames.UPGRADE).allValues(true), UpgradeTokens.WEBSOCKET);
    }

    private static void refuseUpgrade(ServerResponse res, IngestEndpoint ingest) {
        if (ingest.shuttingDown()) {
            ErrorBodies.send(res, Status.SERVICE_UNAVAILABLE_503, ErrorBodies.error("unavailable", "the server is shutting down"));
        } else {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"inventory ingest\"");
            ErrorBodies.send(res, Status.UNAUTHORIZED_401,
                    ErrorBodies.error("unauthorized", "ingest requires the header Authorization: Bearer <token>"));
        }
    }

    public int port() {
        return server.port();
    }

    public Settings settings() {
        return settings;
    }

    public Store store() {
        return store;
    }

    /**
     * Stops taking connections and messages, answers what is in flight, closes the WebSockets with 1001,
     * then stops the server and closes the store. Waits at most {@code grace} for the answers.
     */
    public void shutdown(Duration grace) {
        try {
            if (!ingest.shutdown(grace)) {
                LOG.log(Level.WARNING, "some ingest connections were still busy after " + grace + "; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.stop();
            storeWriter.close();
            store.close();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }
}
