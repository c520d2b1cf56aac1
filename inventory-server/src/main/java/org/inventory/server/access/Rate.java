package org.inventory.server.access;

/**
 * How fast a credential may go: records per second on ingest (a request counts one on the read routes), with
 * bursts of up to {@code burst} at once.
 */
public record Rate(double perSecond, long burst) {
    public Rate {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("records_per_s must be a number above 0");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be a whole number of at least 1");
        }
    }
}
