package org.inventory.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.accesslog.AccessLogFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.inventory.core.RecordParser;
import org.inventory.core.query.IndexSpec;
import org.inventory.core.query.QueryException;
import org.inventory.core.store.InvalidQueryException;
import org.inventory.core.store.QueryTimeoutException;
import org.inventory.core.store.RecordQueries;
import org.inventory.core.store.RecordWriter;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreAdmin;
import org.inventory.core.store.StoreUnavailableException;
import org.inventory.server.access.AccessControl;
import org.inventory.server.access.Audit;
import org.inventory.server.access.FileWatch;
import org.inventory.server.access.InvalidCredentialsException;
import org.inventory.server.browse.DisplayService;
import org.inventory.server.config.ConfigException;
import org.inventory.server.config.Settings;
import org.inventory.server.export.ExportService;
import org.inventory.server.http.ErrorBodies;
import org.inventory.server.http.InvalidParameterException;
import org.inventory.server.http.ReadAccess;
import org.inventory.server.ingest.DeviceListener;
import org.inventory.server.ingest.IngestLimits;
import org.inventory.server.ingest.WebSocketIngest;
import org.inventory.server.insight.Insight;
import org.inventory.server.live.LiveFeed;
import org.inventory.server.live.LiveOptions;
import org.inventory.server.ops.ApiDocument;
import org.inventory.server.ops.StoreHealthCheck;
import org.inventory.server.security.SecureHeaders;
import org.inventory.server.security.ServerTls;
import org.inventory.server.security.TlsReloader;

/**
 * The running service: the web server with its routes (ingest at {@code ws://HOST:PORT/}, or {@code wss://} with TLS,
 * {@code /display}, {@code /export}, {@code /live}, {@code /summary}, {@code /schema}, {@code /overview},
 * {@code /openapi}, {@code /health}, {@code /metrics}) over one store.
 * {@link #start} wires it; {@link #shutdown} drains it.
 */
public final class InventoryServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(InventoryServer.class.getName());
    private static final int MAX_REQUEST_LINE = 64 * 1024;
    /** How often the credentials file is looked at for changes. */
    private static final Duration RELOAD_PERIOD = Duration.ofSeconds(2);

    private final Settings settings;
    private final Optional<LocalStore> local;
    private final Store store;
    private final WebSocketIngest ingest;
    private final LiveFeed live;
    private final WebServer server;
    private final Guard guard;
    private final Optional<ServerTls> tls;
    private final Optional<TlsReloader> tlsReloader;
    private final Optional<DeviceListener> devices;

    private InventoryServer(
            Settings settings,
            Optional<LocalStore> local,
            Store store,
            WebSocketIngest ingest,
            LiveFeed live,
            WebServer server,
            Guard guard,
            Optional<ServerTls> tls,
            Optional<TlsReloader> tlsReloader,
            Optional<DeviceListener> devices) {
        this.settings = settings;
        this.guard = guard;
        this.local = local;
        this.store = store;
        this.ingest = ingest;
        this.live = live;
        this.server = server;
        this.tls = tls;
        this.tlsReloader = tlsReloader;
        this.devices = devices;
    }

    /**
     * Opens the store (starting the embedded one first if the settings name it), checks that it answers within
     * the store timeout, and starts serving. What was opened is closed again if the server cannot start.
     */
    public static InventoryServer start(Settings settings) {
        return start(settings, IngestLimits.DEFAULT);
    }

    /** With other ingest limits than the defaults: for tests of back-pressure, in the ingest package. */
    public static InventoryServer start(Settings settings, IngestLimits limits) {
        return start(settings, limits, LiveOptions.HEARTBEAT);
    }

    /** With another live-feed heartbeat than 15 s: for tests that wait for one. */
    public static InventoryServer start(Settings settings, IngestLimits limits, Duration liveHeartbeat) {
        // Before anything is opened: bad TLS files or a bad credentials file stop the start at once
        // (ConfigException, naming the variable).
        Optional<ServerTls> tls = settings.tls().map(ServerTls::load);
        Guard guard = Guard.of(settings);
        try {
            Optional<LocalStore> local = LocalStore.startIfEmbedded(settings.store());
            try {
                Store store =
                        Store.open(local.map(LocalStore::location).orElse(settings.store()), settings.storeTimeout());
                try {
                    store.checkReachable(settings.storeTimeout());
                    return start(settings, local, store, limits, liveHeartbeat, guard, tls);
                } catch (RuntimeException e) {
                    store.close();
                    throw e;
                }
            } catch (RuntimeException e) {
                local.ifPresent(LocalStore::close);
                throw e;
            }
        } catch (RuntimeException e) {
            guard.close();
            throw e;
        }
    }

    private static InventoryServer start(
            Settings settings,
            Optional<LocalStore> local,
            Store store,
            IngestLimits limits,
            Duration liveHeartbeat,
            Guard guard,
            Optional<ServerTls> tls) {
        var admin = new StoreAdmin(store, settings.collection());
        var writer = new RecordWriter(store, settings.collection());
        var queries = new RecordQueries(store, settings.collection());
        // Before the first write: the unique index is what tells a stored newer version from a new key.
        settings.upsert().ifPresent(admin::ensureUniqueKey);
        // Helidon 4.4 deprecated the global registry for Services.get(MeterRegistry.class), saying the two may
        // differ until it is removed; this is the one the metrics observer serves.
        @SuppressWarnings("removal")
        var registry = Metrics.globalRegistry();
        var live = LiveFeed.create(
                queries,
                admin.changeStreams(),
                new LiveOptions(settings.liveBuffer(), settings.maxSubscribers(), liveHeartbeat),
                registry);
        var connections = ConnectionLimits.of(
                settings.maxConnections(), settings.devicePort().isPresent());
        var ingest = new WebSocketIngest(
                writer,
                new RecordParser(settings.maxBatch(), settings.store().embedded()),
                registry,
                limits.fitting(settings.maxBatch(), settings.maxMessageBytes()),
                settings.maxMessageBytes(),
                guard.access(),
                settings.sourceField(),
                settings.storeTimeout(),
                live.acknowledged(),
                settings.upsert(),
                live::listening,
                connections.ingest());
        for (IndexSpec index : admin.ensureIndexes(settings.indexes())) {
            LOG.log(
                    Level.WARNING,
                    "index " + index + " left as it is: the store has an index on these keys with other options");
        }
        var display = new DisplayService(
                queries,
                registry,
                settings.itemsPerPage(),
                settings.maxPerPage(),
                settings.countLimit(),
                settings.queryTimeout());
        var export = new ExportService(queries, registry, settings.queryTimeout(), Clock.systemUTC());
        var health = new StoreHealthCheck(admin, settings.store().toString(), settings.maxMessageBytes());
        var readAccess = new ReadAccess(guard.access());
        var insight = new Insight(queries, settings, Clock.systemUTC());

        var builder = WebServer.builder();
        // With TLS every route and ingest are served over it alone: Helidon's TLS from the PEM files, its key and
        // trust managers swapped by reloadTls when the files change.
        tls.ifPresent(serverTls -> builder.tls(serverTls.tls()));
        WebServer server = builder.host(settings.host())
                .port(settings.port())
                // Helidon leaves Nagle on: a response written in parts then waits for the client's delayed
                // ACK, some 40 ms per request on a kept-alive connection.
                .connectionOptions(options -> options.tcpNoDelay(true))
                // Helidon's NIO socket holds two 8 KiB buffers for each connection, its plain socket one: an idle
                // ingest connection held half of its heap in them (docs/operations.md#connections). A read blocks
                // a virtual thread either way. Not with TLS: Helidon's plain TLS socket leaves out the TLS
                // parameters (a required client certificate among them), which only its NIO engine applies.
                .useNio(tls.isPresent())
                // Beyond this Helidon waits before it accepts: an accept that failed for want of a file descriptor
                // would stop its listener for good.
                .maxTcpConnections(connections.tcp())
                // We drain ingest ourselves on SIGTERM before the server stops.
                .shutdownHook(false)
                .shutdownGracePeriod(Duration.ofSeconds(2))
                // Our HTTP/1 selector, the only one (a second would change how Helidon answers HTTP/1.0 and
                // garbage): it upgrades ingest to our own WebSocket connection.
                .protocolsDiscoverServices(false)
                .addConnectionSelector(Http1ConnectionSelector.builder()
                        // A request line long enough for a filter of the largest size, percent-encoded (up to three
                        // bytes a character), so that an oversized one meets the filter's own 400, not a 414.
                        .config(Http1Config.builder()
                                .maxPrologueLength(MAX_REQUEST_LINE)
                                .addReceiveListener(ingest.upgradeHeaders())
                                .build())
                        .addUpgrader(ingest.upgrader())
                        .build())
                .addFeature(AccessLogFeature.builder().commonLogFormat().build())
                .addFeature(ObserveFeature.builder()
                        .endpoint("/")
                        .addObserver(HealthObserver.builder()
                                .endpoint("health")
                                .details(true)
                                .useSystemServices(false)
                                .addCheck(health)
                                .build())
                        .addObserver(
                                MetricsObserver.builder().endpoint("metrics").build())
                        .build())
                .routing(routing -> routing(
                        routing,
                        new SecureHeaders(tls.isPresent()),
                        ingest,
                        readAccess,
                        display,
                        export,
                        live.service(),
                        insight))
                .build()
                .start();
        Optional<TlsReloader> reloader = tls.map(loaded ->
                TlsReloader.start(settings.tls().orElseThrow(), loaded, server::reloadTls, TlsReloader.EVERY));
        Optional<DeviceListener> devices;
        try {
            devices = settings.devicePort().isPresent()
                    ? Optional.of(ingest.listenForDevices(
                            settings.host(), settings.devicePort().getAsInt(), connections.deviceTcp()))
                    : Optional.empty();
        } catch (RuntimeException e) {
            reloader.ifPresent(TlsReloader::close);
            server.stop();
            ingest.close();
            throw e;
        }
        return new InventoryServer(settings, local, store, ingest, live, server, guard, tls, reloader, devices);
    }

    /** The HTTP routes; errors of every route map to the API's JSON error body here, in one place. */
    static void routing(
            HttpRouting.Builder routing,
            SecureHeaders secureHeaders,
            WebSocketIngest ingest,
            ReadAccess readAccess,
            DisplayService display,
            ExportService export,
            HttpService live,
            Insight insight) {
        // First, so that every answer carries them, refusals included.
        routing.addFilter(secureHeaders)
                .addFilter(ingest.admission())
                .addFilter(readAccess)
                .register("/display", display)
                .register("/export", export)
                .register("/live", live)
                .register("/summary", insight.summary())
                .register("/schema", insight.schema())
                .register("/overview", insight.overview())
                .register("/openapi", new ApiDocument())
                .get(
                        "/",
                        (req, res) -> res.status(Status.SEE_OTHER_303)
                                .header(HeaderNames.LOCATION, "/display")
                                .send())
                .error(
                        InvalidParameterException.class,
                        (req, res, e) -> ErrorBodies.send(
                                res,
                                Status.BAD_REQUEST_400,
                                ErrorBodies.invalidParameter(e.parameter(), e.getMessage())))
                .error(
                        QueryException.class,
                        (req, res, e) -> ErrorBodies.send(
                                res,
                                Status.BAD_REQUEST_400,
                                ErrorBodies.invalidParameter(e.parameter(), e.getMessage())))
                // The store refused the query as written: the client's mistake, not an outage (no 503, no alarm).
                .error(
                        InvalidQueryException.class,
                        (req, res, e) -> ErrorBodies.send(
                                res, Status.BAD_REQUEST_400, ErrorBodies.invalidParameter("filter", e.getMessage())))
                .error(
                        QueryTimeoutException.class,
                        (req, res, e) -> ErrorBodies.send(
                                res,
                                Status.create(422, "Unprocessable Content"),
                                ErrorBodies.error(
                                        "query_timeout",
                                        "the query took longer than INVENTORY_QUERY_TIMEOUT_MS allows; narrow the filter, "
                                                + "or add an index for its fields and sort (INVENTORY_INDEXES)")))
                .error(StoreUnavailableException.class, (req, res, e) -> {
                    LOG.log(Level.WARNING, "store unavailable for " + req.path().path() + ": " + e.getMessage());
                    ErrorBodies.send(
                            res,
                            Status.SERVICE_UNAVAILABLE_503,
                            ErrorBodies.error("unavailable", "the store is unavailable; try again"));
                });
    }

    public int port() {
        return server.port();
    }

    /** The device port's number, if it listens ({@code INVENTORY_DEVICE_PORT}). */
    public OptionalInt devicePort() {
        return devices.map(d -> OptionalInt.of(d.port())).orElse(OptionalInt.empty());
    }

    /** {@code https} with TLS, else {@code http}. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }

    /** The certificate new connections get, as the start-up line shows it; empty without TLS. */
    public Optional<String> tlsCertificate() {
        return tls.map(ServerTls::description);
    }

    public Settings settings() {
        return settings;
    }

    /** Where {@code /live} takes its records from: {@code change streams} or {@code in-process}. */
    public String liveSource() {
        return live.sourceName();
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
            // After ingest: the streams end once they have sent what was acknowledged before.
            if (!live.shutdown(Duration.ofSeconds(2))) {
                LOG.log(Level.WARNING, "some live streams were still writing after 2 s; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            tlsReloader.ifPresent(TlsReloader::close);
            devices.ifPresent(DeviceListener::close);
            server.stop();
            ingest.close();
            store.close();
            local.ifPresent(LocalStore::close);
            guard.close();
        }
    }

    /**
     * Access control as the settings configure it, with the audit trail and the watch that reloads the
     * credentials file when it changes.
     */
    private record Guard(AccessControl access, Audit audit, Optional<FileWatch> watch) implements AutoCloseable {
        static Guard of(Settings settings) {
            Audit audit;
            try {
                audit = Audit.to(settings.auditLog(), Clock.systemUTC());
            } catch (UncheckedIOException e) {
                throw new ConfigException("INVENTORY_AUDIT_LOG cannot be opened for appending: "
                        + e.getCause().getMessage());
            }
            if (settings.credentialsFile().isEmpty()) {
                return new Guard(
                        AccessControl.singleTokens(
                                settings.ingestToken(), settings.readToken(), settings.authFailuresPerMinute(), audit),
                        audit,
                        Optional.empty());
            }
            Path file = settings.credentialsFile().get();
            AccessControl access;
            try {
                access = AccessControl.fromFile(file, settings.authFailuresPerMinute(), audit);
            } catch (InvalidCredentialsException e) {
                audit.close();
                throw new ConfigException("INVENTORY_CREDENTIALS_FILE " + file + " " + e.getMessage());
            }
            audit.event("reload", "what", "credentials", "ok", true, "credentials", access.size());
            return new Guard(
                    access, audit, Optional.of(FileWatch.start(file, RELOAD_PERIOD, () -> access.reload(file))));
        }

        @Override
        public void close() {
            watch.ifPresent(FileWatch::close);
            audit.close();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }
}
