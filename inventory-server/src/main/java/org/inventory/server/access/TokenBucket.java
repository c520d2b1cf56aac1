package org.inventory.server.access;

/**
 * A credential's allowance: it fills at the rate's pace up to its burst, and each record (or read request) takes
 * one. A message larger than the burst passes when the bucket is full and leaves it in debt, so it is slowed, not
 * refused for ever.
 */
final class TokenBucket {
    private final Rate rate;
    private double tokens;
    private long filledAt;

    TokenBucket(Rate rate, long nowNanos) {
        this.rate = rate;
        this.tokens = rate.burst();
        this.filledAt = nowNanos;
    }

    Rate rate() {
        return rate;
    }

    /** Takes {@code count}; returns 0 when taken, else the milliseconds until they can be (nothing is taken then). */
    synchronized long take(long count, long nowNanos) {
        tokens = Math.min((double) rate.burst(), tokens + (nowNanos - filledAt) / 1e9 * rate.perSecond());
        filledAt = nowNanos;
        double needed = Math.min(count, rate.burst());
        if (tokens >= needed) {
            tokens -= count;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((needed - tokens) / rate.perSecond() * 1000));
    }
}
