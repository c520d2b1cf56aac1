package org.inventory.embedded;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How much heap the records of an in-memory store may take, and how much they take now. The store refuses
 * inserts once the bound is reached, so that a full store answers clearly instead of stalling the JVM in full
 * collections. What a record takes is estimated: its BSON bytes plus {@link #RECORD_OVERHEAD} for the objects
 * that hold and index it (the benchmark measures the real figure).
 */
final class MemoryBound {
    /** Heap a record takes beyond its BSON bytes (array header, slot, entries in the two _id indexes), as measured. */
    static final int RECORD_OVERHEAD = 300;
    /** The share of the heap records may fill by default; the rest is the server's (and the collector's) room. */
    static final double DEFAULT_SHARE = 0.5;

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    MemoryBound(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("the memory bound must be positive: " + limit);
        }
        this.limit = limit;
    }

    /** Half of the largest heap this JVM may grow to. */
    static MemoryBound ofHeap() {
        return new MemoryBound((long) (Runtime.getRuntime().maxMemory() * DEFAULT_SHARE));
    }

    static long cost(byte[] bson) {
        return (long) bson.length + RECORD_OVERHEAD;
    }

    void add(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    boolean reached() {
        return used.get() >= limit;
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }
}
