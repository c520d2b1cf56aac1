package org.inventory.server.access;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The guard against guessing tokens: an address with more failed authentications in a minute than the limit
 * ({@code INVENTORY_AUTH_FAILURES_PER_MIN}) is refused with 429 for a minute, right or wrong token.
 */
final class FailureGuard {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    /** Beyond this many addresses, those whose minute is over are forgotten. */
    private static final int TIDY_ABOVE = 10_000;

    private final int perMinute;
    private final ConcurrentHashMap<String, Window> addresses = new ConcurrentHashMap<>();

    FailureGuard(int perMinute) {
        this.perMinute = perMinute;
    }

    /** 0 when the address may try, else the milliseconds until it may again. */
    long blockedFor(String address, long nowNanos) {
        Window window = addresses.get(address);
        if (window == null) {
            return 0;
        }
        synchronized (window) {
            return window.blockedUntil > nowNanos
                    ? TimeUnit.NANOSECONDS.toMillis(window.blockedUntil - nowNanos) + 1
                    : 0;
        }
    }

    /** Counts a failure; true when it is the one that puts the address over the limit. */
    boolean failed(String address, long nowNanos) {
        if (addresses.size() > TIDY_ABOVE) {
            addresses.values().removeIf(w -> w.over(nowNanos));
        }
        Window window = addresses.computeIfAbsent(address, a -> new Window(nowNanos));
        synchronized (window) {
            if (nowNanos - window.start >= MINUTE) {
                window.start = nowNanos;
                window.count = 0;
            }
            window.count++;
            if (window.count > perMinute && window.blockedUntil <= nowNanos) {
                window.blockedUntil = nowNanos + MINUTE;
                return true;
            }
            return false;
        }
    }

    private static final class Window {
        long start;
        int count;
        long blockedUntil;

        Window(long start) {
            this.start = start;
        }

        synchronized boolean over(long nowNanos) {
            return nowNanos - start >= MINUTE && blockedUntil <= nowNanos;
        }
    }
}
