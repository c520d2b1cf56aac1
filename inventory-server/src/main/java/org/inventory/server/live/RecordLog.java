package org.inventory.server.live;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    /** The number of the last record appended; 0 before the first. Guarded by {@link #lock}. */
    private long last;
    private boolean closed;

    RecordLog(String instance, int capacity) {
        this.instance = instance;
        this.ring = new LoggedRecord[capacity];
    }

    String instance() {
        return instance;
    }

    /** Appends records just acknowledged by the store, in order, and wakes the subscribers. */
    void append(List<RawBsonDocument> records) {
        if (records.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (RawBsonDocument record : records) {
                last++;
                ring[slot(last)] = new LoggedRecord(instance, last, record);
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The number of the last record appended (0 when none). */
    long last() {
        lock.lock();
        try {
            return last;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the record after {@code after} is still held, so that reading on from there loses nothing. */
    boolean holdsAfter(long after) {
        lock.lock();
        try {
            return after <= last && after >= last - ring.length;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code max} records after number {@code after}, waiting at most {@code waitNanos} for the first; none
     * when the wait ended first or the log is closed. {@code null} when the records after {@code after} are no
     * longer held: the reader lagged.
     */
    List<LoggedRecord> read(long after, int max, long waitNanos) throws InterruptedException {
        lock.lock();
        try {
            long nanos = waitNanos;
            while (last == after && !closed && nanos > 0) {
                nanos = arrived.awaitNanos(nanos);
            }
            if (after < last - ring.length) {
                return null;
            }
            long to = Math.min(last, after + max);
            var records = new ArrayList<LoggedRecord>((int) (to - after));
            for (long n = after + 1; n <= to; n++) {
                records.add(ring[slot(n)]);
            }
            return records;
        } finally {
            lock.unlock();
        }
    }

    boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every reader for the end; what was appended before stays readable. */
    void close() {
        lock.lock();
        try {
            closed = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private int slot(long number) {
        return (int) (number % ring.length);
    }
}
