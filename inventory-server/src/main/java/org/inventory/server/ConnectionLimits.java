package org.inventory.server;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.OptionalLong;

/**
 * How many connections the server takes, from {@code INVENTORY_MAX_CONNECTIONS} and the process's open-file limit
 * ({@code ulimit -n}): each connection is a file descriptor. Ingest upgrades beyond {@link #ingest} are answered
 * 503; TCP connections beyond {@link #tcp} wait in the listen backlog until one closes, because an accept that
 * failed for want of a descriptor would stop Helidon's listener for good. With the device port ({@link #deviceTcp}
 * of them there) the two ports share that budget of descriptors.
 */
record ConnectionLimits(int ingest, int tcp, int deviceTcp) {
    private static final System.Logger LOG = System.getLogger(ConnectionLimits.class.getName());
    /** Descriptors kept for the rest: the store's connection pool, the jars, logs, the embedded store. */
    static final int RESERVED = 1000;
    /** TCP connections beyond the ingest ones: HTTP requests, health checks, the live feed, refused upgrades. */
    static final int HTTP = 500;
    /** When the open-file limit cannot be read (not a Unix JVM). */
    private static final int FALLBACK = 10_000;

    /** Without the device port. */
    ConnectionLimits(int ingest, int tcp) {
        this(ingest, tcp, 0);
    }

    /** {@code configured} ingest connections, or 0 for as many as the open-file limit allows. */
    static ConnectionLimits of(int configured, boolean devicePort) {
        ConnectionLimits limits = of(configured, openFileLimit());
        return devicePort ? limits.withDevicePort() : limits;
    }

    /**
     * The TCP connections split between the ports: the API port keeps HTTP's share and as much again for devices
     * that still connect there (at most a quarter), the device port takes the rest.
     */
    ConnectionLimits withDevicePort() {
        int api = Math.max(1, Math.min(2 * HTTP, tcp / 4));
        return new ConnectionLimits(ingest, api, Math.max(1, tcp - api));
    }

    static ConnectionLimits of(int configured, OptionalLong openFiles) {
        if (openFiles.isEmpty()) {
            int ingest = configured > 0 ? configured : FALLBACK;
            return new ConnectionLimits(ingest, ingest + HTTP);
        }
        long files = openFiles.getAsLong();
        // A small limit (a container's 1,024) keeps a quarter for the rest and a quarter of the others for HTTP,
        // so that ingest still takes hundreds of devices; a large one keeps RESERVED and HTTP.
        long usable = Math.max(2, Math.min(Integer.MAX_VALUE / 2, files - Math.min(RESERVED, files / 4)));
        long http = Math.min(HTTP, usable / 4);
        if (configured > usable - http) {
            LOG.log(
                    Level.WARNING,
                    "INVENTORY_MAX_CONNECTIONS=" + configured + " needs an open-file limit (ulimit -n) of at least "
                            + ((long) configured + HTTP + RESERVED) + "; this process has " + files
                            + ": connections beyond " + usable + " wait to be accepted");
        }
        int ingest = configured > 0 ? configured : (int) Math.max(1, usable - http);
        return new ConnectionLimits(ingest, (int) Math.min(usable, (long) ingest + http));
    }

    /** The process's open-file limit, which the JVM raises to the hard limit at start. */
    private static OptionalLong openFileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return OptionalLong.of(os.getMaxFileDescriptorCount());
        }
        return OptionalLong.empty();
    }
}
