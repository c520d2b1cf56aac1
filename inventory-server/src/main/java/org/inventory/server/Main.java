package org.inventory.server;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.inventory.server.access.CredentialCommand;
import org.inventory.server.config.ConfigException;
import org.inventory.server.config.Settings;
import org.inventory.server.ops.Logging;

/**
 * Starts the service from the environment (docs/configuration.md) and drains it on SIGTERM: in-flight messages
 * answered, WebSockets closed with 1001, exit 0.
 */
public final class Main {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0) {
            if (args[0].equals("credential")) {
                System.exit(CredentialCommand.run(
                        List.of(args).subList(1, args.length), System.out, System.err, Clock.systemUTC()));
            }
            System.err.println(
                    "inventory-server: unknown command '" + args[0] + "'; the server takes its settings from the"
                            + " environment, and the one command is: credential --name NAME --scope ingest[,read] [--expires 90d]");
            System.exit(2);
        }
        Settings settings;
        try {
            settings = Settings.from(System.getenv());
        } catch (ConfigException e) {
            System.err.println("inventory-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        Logging.configure(settings);
        System.Logger log = System.getLogger(Main.class.getName());
        if (settings.store().embedded()) {
            log.log(
                    Level.WARNING,
                    settings.store().file().isPresent()
                            ? "Using the embedded store in the H2 file "
                                    + settings.store().file().get()
                                    + ": for trying the service, not for production (slow beyond some 10,000 records)"
                            : "Using the embedded in-memory store: for trying the service and tests, not for production;"
                                    + " the data is gone when the server stops. Set MONGODB_URL to use MongoDB.");
        }
        InventoryServer server;
        try {
            server = InventoryServer.start(settings);
        } catch (ConfigException e) {
            log.log(Level.ERROR, "cannot start: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            // Helidon, driver and store threads would keep the JVM alive: exit explicitly.
            log.log(Level.ERROR, "cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        String ws = server.scheme().equals("https") ? "wss" : "ws";
        log.log(
                Level.INFO,
                "inventory-server " + version() + " listening on " + server.scheme() + "://" + settings.host()
                        + ":" + server.port() + " (ingest " + ws + "://" + settings.host() + ":" + server.port() + "/"
                        + (server.devicePort().isPresent()
                                ? ", devices ws://" + settings.host() + ":"
                                        + server.devicePort().getAsInt() + "/"
                                : "")
                        + ")"
                        + server.tlsCertificate()
                                .map(c -> ", TLS certificate " + c
                                        + settings.tls()
                                                .orElseThrow()
                                                .clientCa()
                                                .map(ca -> ", client certificates required")
                                                .orElse(""))
                                .orElse("")
                        + ", store " + settings.store()
                        + ", collection " + settings.collection() + ", page size " + settings.itemsPerPage()
                        + ", live feed from " + server.liveSource() + ", write mode "
                        + settings.upsert()
                                .map(key -> "upsert by " + String.join(",", key.key())
                                        + key.version().map(v -> " newest " + v).orElse(""))
                                .orElse("insert"));

        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
                    String source = Main.class.getName();
                    Logging.duringShutdown(
                            java.util.logging.Level.INFO,
                            source,
                            "shutting down: answering in-flight messages, then closing connections");
                    server.shutdown(SHUTDOWN_GRACE);
                    Logging.duringShutdown(java.util.logging.Level.INFO, source, "stopped");
                    // A JVM ended by SIGTERM exits 143 even after a clean stop; a drained service exits 0.
                    Runtime.getRuntime().halt(0);
                }));
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
