package org.inventory.filler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** What the server has answered so far, over all connections; read by the progress display while it grows. Thread-safe. */
final class Tally {
    /** Refusals are reported one by one up to this many; the rest only counted. */
    static final int REPORTED_REFUSALS = 10;

    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong refusedMessages = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final List<String> refusals = new ArrayList<>();

    /** A message of {@code records} was stored: {@code inserted} new, {@code duplicates} already there. */
    void accepted(int records, int inserted, int duplicates) {
        this.inserted.addAndGet(inserted);
        this.duplicates.addAndGet(duplicates);
        acknowledged.addAndGet(records);
    }

    /** A message of {@code records} was rejected for good; {@code why} says which records and why. */
    void refused(int records, String why) {
        refused.addAndGet(records);
        if (refusedMessages.incrementAndGet() <= REPORTED_REFUSALS) {
            synchronized (refusals) {
                refusals.add(why);
            }
        }
    }

    /** A message was answered with a retryable error and will be sent again. */
    void countRetry() {
        retried.incrementAndGet();
    }

    /** A connection was opened again after it was lost. */
    void countReconnect() {
        reconnects.incrementAndGet();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long inserted() {
        return inserted.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long refused() {
        return refused.get();
    }

    long refusedMessages() {
        return refusedMessages.get();
    }

    long retried() {
        return retried.get();
    }

    long reconnects() {
        return reconnects.get();
    }

    /** The first {@link #REPORTED_REFUSALS} refusals, in the order they came. */
    List<String> refusals() {
        synchronized (refusals) {
            return List.copyOf(refusals);
        }
    }
}
