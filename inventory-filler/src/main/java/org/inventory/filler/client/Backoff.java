package org.inventory.filler.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the ceiling doubles with each attempt up to {@code max}, and the delay is
 * drawn from its upper half, so many clients that failed together do not all come back at the same moment.
 */
record Backoff(Duration initial, Duration max) {

    static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    /** The delay before attempt {@code attempt + 1}, after {@code attempt} (1 or more) failures in a row. */
    long delayNanos(int attempt, RandomGenerator random) {
        int doublings = Math.min(Math.max(attempt, 1) - 1, 30);
        long ceiling = Math.min(max.toNanos(), initial.toNanos() << doublings);
        long half = ceiling / 2;
        return half + random.nextLong(ceiling - half + 1);
    }
}
