package org.inventory.server.ops;

import io.helidon.webserver.accesslog.AccessLogFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.inventory.server.config.Settings;

/** Sets up java.util.logging (which Helidon, the driver and the embedded store all log through) from the settings. */
public final class Logging {
    /** JUL holds loggers weakly: a configured logger must be kept, or its level is lost when it is collected. */
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    private static final ConsoleHandler CONSOLE = new ConsoleHandler();

    private Logging() {}

    public static void configure(Settings settings) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        LogManager.getLogManager().reset();
        CONSOLE.setFormatter(new SimpleFormatter());
        CONSOLE.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(CONSOLE);
        root.setLevel(settings.debug() ? Level.FINE : Level.INFO);
        if (!settings.debug()) {
            // The embedded store logs every client connection at INFO.
            level("de.bwaldvogel", Level.WARNING);
            level("org.mongodb.driver", Level.WARNING);
        }
        level(AccessLogFeature.DEFAULT_LOGGER_NAME, julLevel(settings.logLevel()));
    }

    /**
     * Logs while the JVM shuts down. JUL's own shutdown hook resets the loggers, possibly before ours runs, and a
     * reset logger drops its records: this writes to the console handler directly.
     */
    public static void duringShutdown(Level level, String source, String message) {
        var record = new LogRecord(level, message);
        record.setLoggerName(source);
        CONSOLE.publish(record);
        CONSOLE.flush();
    }

    private static synchronized void level(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        CONFIGURED.add(logger);
    }

    static Level julLevel(String level) {
        return switch (level) {
            case "TRACE" -> Level.FINEST;
            case "DEBUG" -> Level.FINE;
            case "WARN" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            case "OFF" -> Level.OFF;
            default -> Level.INFO;
        };
    }
}
