package org.inventory.server.live;

import java.time.Duration;

/**
 * The feed's limits.
 *
 * @param buffer         records the in-process source holds for resuming and for subscribers behind
 *                       ({@code INVENTORY_LIVE_BUFFER})
 * @param maxSubscribers streams open at once before 503 ({@code INVENTORY_MAX_SUBSCRIBERS})
 * @param heartbeat      the longest a stream stays silent before a comment; 15 s, shorter in tests
 */
public record LiveOptions(int buffer, int maxSubscribers, Duration heartbeat) {
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);

    public LiveOptions(int buffer, int maxSubscribers) {
        this(buffer, maxSubscribers, HEARTBEAT);
    }
}
