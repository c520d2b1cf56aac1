package org.inventory.server.live;

import java.time.Duration;

/** One subscriber's place in a source: where it started and what has arrived since. */
interface Subscription extends AutoCloseable {
    /** Whether the subscriber asked to resume from a point the source no longer holds (or never held). */
    boolean startedWithGap();

    /** The token of the current position: what a gap event carries, so a reconnect continues from here. */
    String position();

    /** The matching events after the last ones returned, waiting at most {@code wait} for the first. */
    Poll next(Duration wait) throws InterruptedException;

    @Override
    void close();
}
