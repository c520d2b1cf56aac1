package org.inventory.filler.client;

/**
 * Caps the records sent per second over all connections. Each message reserves its records' share of time
 * and is told how long to wait before going out; waiting is left to the caller, which has replies to read
 * meanwhile. Thread-safe.
 */
final class RateLimiter {
    private final double nanosPerRecord;
    private long nextFree = Long.MIN_VALUE;

    private RateLimiter(double nanosPerRecord) {
        this.nanosPerRecord = nanosPerRecord;
    }

    /** A limiter for {@code recordsPerSecond}; 0 means no cap. */
    static RateLimiter of(int recordsPerSecond) {
        return new RateLimiter(recordsPerSecond == 0 ? 0 : 1e9 / recordsPerSecond);
    }

    /** Reserves room for {@code records} and returns how many nanoseconds to wait before sending them. */
    long reserve(int records) {
        if (nanosPerRecord == 0) {
            return 0;
        }
        synchronized (this) {
            long now = System.nanoTime();
            long start = nextFree == Long.MIN_VALUE ? now : Math.max(now, nextFree);
            nextFree = start + (long) (records * nanosPerRecord);
            return start - now;
        }
    }
}
