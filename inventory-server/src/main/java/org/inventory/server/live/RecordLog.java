package org.inventory.server.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.bson.RawBsonDocument;

/**
 * The last {@code capacity} records this instance acknowledged, numbered from 1 in the order the store acknowledged
 * them: a ring that every subscriber reads at its own place. It is both the resume buffer ({@code Last-Event-ID}
 * within it continues without loss) and every subscriber's bounded buffer: one that falls further behind than the
 * ring holds has lost records and is told so. Appending never waits for a subscriber; memory is the ring's, however
 * many subscribe.
 */
final class RecordLog {
    private final String instance;
    private final LoggedRecord[] ring;
    /**
     * The number of the last record appended; 0 before the first. Written after the slots it covers, so a reader that
     * sees it sees them (or later records in their place, which their numbers give away).
     */
    private volatile long last;

    private volatile boolean closed;
    /** Readers waiting for a record: woken by each append, without a lock any reader holds. */
    private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();

    RecordLog(String instance, int capacity) {
        this.instance = instance;
        this.ring = new LoggedRecord[capacity];
    }

    String instance() {
        return instance;
    }

    /**
     * Appends records just acknowledged by the store, in order, and wakes the waiting readers. Readers take no lock,
     * so however many there are, appending costs the records and one wake-up per waiting reader.
     */
    synchronized void append(List<RawBsonDocument> records) {
        if (records.isEmpty()) {
            return;
        }
        long number = last;
        for (RawBsonDocument record : records) {
            number++;
            ring[slot(number)] = new LoggedRecord(instance, number, record);
        }
        last = number;
        wakeReaders();
    }

    private void wakeReaders() {
        for (Thread reader : waiting) {
            LockSupport.unpark(reader);
        }
    }

    /** The number of the last record appended (0 when none). */
    long last() {
        return last;
    }

    /** Whether the record after {@code after} is still held, so that reading on from there loses nothing. */
    boolean holdsAfter(long after) {
        long end = last;
        return after <= end && after >= end - ring.length;
    }

    /**
     * Up to {@code max} records after number {@code after}, waiting at most {@code waitNanos} for the first; none
     * when the wait ended first or the log is closed. {@code null} when the records after {@code after} are no
     * longer held: the reader lagged (also when the writer laps it while it copies them).
     */
    List<LoggedRecord> read(long after, int max, long waitNanos) throws InterruptedException {
        awaitAfter(after, waitNanos);
        long end = last;
        if (after < end - ring.length) {
            return null;
        }
        long to = Math.min(end, after + max);
        var records = new ArrayList<LoggedRecord>((int) (to - after));
        for (long n = after + 1; n <= to; n++) {
            LoggedRecord record = ring[slot(n)];
            if (record.sequence() != n) {
                return null;
            }
            records.add(record);
        }
        return records;
    }

    /** Parks until a record follows {@code after}, the log closes or the time is up. */
    private void awaitAfter(long after, long waitNanos) throws InterruptedException {
        if (last != after || closed) {
            return;
        }
        Thread self = Thread.currentThread();
        long deadline = System.nanoTime() + waitNanos;
        waiting.add(self);
        try {
            // Registered before looking again: an append after this look finds this reader and wakes it.
            while (last == after && !closed) {
                long nanos = deadline - System.nanoTime();
                if (nanos <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, nanos);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            waiting.remove(self);
        }
    }

    boolean closed() {
        return closed;
    }

    /** Wakes every reader for the end; what was appended before stays readable. */
    void close() {
        closed = true;
        wakeReaders();
    }

    private int slot(long number) {
        return (int) (number % ring.length);
    }
}
