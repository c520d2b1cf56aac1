package org.inventory.server;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import io.helidon.webserver.accesslog.AccessLogFeature;
import org.inventory.core.Settings;

/** Sets up java.util.logging (which Helidon, the driver and the embedded store all log through) from the settings. */
final class Logging {
    private Logging() {
    }

    static void configure(Settings settings) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        LogManager.getLogManager().reset();
        var handler = new ConsoleHandler();
        handler.setFormatter(new SimpleFormatter());
        handler.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        root.setLevel(settings.debug() ? Level.FINE : Level.INFO);
        if (!settings.debug()) {
            // The embedded store logs every client connection at INFO.
            Logger.getLogger("de.bwaldvogel").setLevel(Level.WARNING);
            Logger.getLogger("org.mongodb.driver").setLevel(Level.WARNING);
        }
        Logger.getLogger(AccessLogFeature.DEFAULT_LOGGER_NAME).setLevel(julLevel(settings.logLevel()));
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
