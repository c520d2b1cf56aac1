package org.inventory.server.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages of one connection between the reader (its WebSocket callbacks) and its writer, bounded by
 * records and bytes for the connection and by a byte budget shared by all connections. A full queue blocks
 * the reader, so the server stops reading from that connection instead of growing its heap; while it waits, it is
 * counted in the readers waiting for room that all connections share (a gauge: back-pressure at work).
 */
final class MessageQueue {
    private final IngestLimits limits;
    private final Semaphore sharedBytes;
    private final AtomicInteger waitingReaders;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a message is queued, and when finishing or closing: what the writer waits for. */
    private final Condition work = lock.newCondition();
    /** Signalled when room is freed, and when closing: what the reader waits for. */
    private final Condition room = lock.newCondition();

    private final ArrayDeque<PendingMessage> messages = new ArrayDeque<>();
    // Held: queued, or taken and not yet answered. Queued: not yet taken.
    private int heldMessages;
    private long records;
    private long bytes;
    private long queuedRecords;
    private long queuedBytes;
    private boolean closed;
    private boolean finishing;

    MessageQueue(IngestLimits limits, Semaphore sharedBytes, AtomicInteger waitingReaders) {
        this.limits = limits;
        this.sharedBytes = sharedBytes;
        this.waitingReaders = waitingReaders;
    }

    /** Adds a message, waiting while this connection or the whole server holds as much as it may. */
    void put(PendingMessage message) throws InterruptedException {
        // Timed, even for no time, so that it keeps the fair order of readers waiting for the shared room.
        if (!sharedBytes.tryAcquire(permits(message), 0, TimeUnit.SECONDS)) {
            waitingReaders.incrementAndGet();
            try {
                sharedBytes.acquire(permits(message));
            } finally {
                waitingReaders.decrementAndGet();
            }
        }
        lock.lock();
        try {
            try {
                if (mustWait(message)) {
                    waitingReaders.incrementAndGet();
                    try {
                        do {
                            room.await();
                        } while (mustWait(message));
                    } finally {
                        waitingReaders.decrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                sharedBytes.release(permits(message)); // the message is not queued: its shared room goes back
                throw e;
            }
            if (closed) {
                sharedBytes.release(permits(message));
                return;
            }
            messages.add(message);
            hold(message);
            queuedRecords += message.records().size();
            queuedBytes += message.bytes();
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** An empty queue always takes the next message, however large, so that progress never stops. */
    private boolean mustWait(PendingMessage message) {
        return !closed
                && !messages.isEmpty()
                && (records + message.records().size() > limits.connectionRecords()
                        || bytes + message.bytes() > limits.connectionBytes());
    }

    /**
     * Takes a message past the queue, for the reader to store and answer itself, when the connection holds
     * nothing else (its writer has answered everything and waits): returns whether it was taken, held as a
     * queued one would be until {@link #release}d. Otherwise, or when all connections hold as much as they may,
     * nothing changes and the message must be {@link #put}.
     */
    boolean takeAlone(PendingMessage message) throws InterruptedException {
        // Timed, even for no time, so that it keeps the fair order of readers waiting for the shared room.
        if (!sharedBytes.tryAcquire(permits(message), 0, TimeUnit.SECONDS)) {
            return false;
        }
        lock.lock();
        try {
            if (closed || finishing || heldMessages > 0) {
                sharedBytes.release(permits(message));
                return false;
            }
            hold(message);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void hold(PendingMessage message) {
        heldMessages++;
        records += message.records().size();
        bytes += message.bytes();
    }

    /**
     * Waits for messages and takes the longest run at the head that fits one store write (at least one).
     * Returns an empty list when the queue is closed, or finishing and empty with nothing held (a message the
     * reader took alone is answered before the writer ends, and with it the connection).
     */
    List<PendingMessage> takeRun() throws InterruptedException {
        lock.lock();
        try {
            while (messages.isEmpty() && !closed && (!finishing || heldMessages > 0)) {
                work.await();
            }
            return headRun();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Like {@link #takeRun}, but without waiting, and only a run of at least a quarter of a store write: an
     * empty list otherwise. (A small write beside another costs the store more per record than it saves.)
     */
    List<PendingMessage> pollLargeRun() {
        lock.lock();
        try {
            return queuedRecords >= limits.writeRecords() / 4 || queuedBytes >= limits.writeBytes() / 4
                    ? headRun()
                    : List.of();
        } finally {
            lock.unlock();
        }
    }

    private List<PendingMessage> headRun() {
        if (closed) {
            return List.of();
        }
        var run = new ArrayList<PendingMessage>();
        int runRecords = 0;
        long runBytes = 0;
        for (PendingMessage next = messages.peek(); next != null; next = messages.peek()) {
            if (!run.isEmpty()
                    && (runRecords + next.records().size() > limits.writeRecords()
                            || runBytes + next.bytes() > limits.writeBytes())) {
                break;
            }
            run.add(messages.poll());
            runRecords += next.records().size();
            runBytes += next.bytes();
        }
        queuedRecords -= runRecords;
        queuedBytes -= runBytes;
        return run;
    }

    /** Frees the room a run held, once it has been answered. */
    void release(List<PendingMessage> run) {
        lock.lock();
        try {
            int released = 0;
            for (PendingMessage message : run) {
                heldMessages--;
                records -= message.records().size();
                bytes -= message.bytes();
                released += permits(message);
            }
            // Give the shared room back before waking the reader, so the two counts never disagree.
            sharedBytes.release(released);
            room.signal();
            if (finishing) {
                work.signal(); // a writer that waits to end may now see nothing held
            }
        } finally {
            lock.unlock();
        }
    }

    /** The writer answers what is queued, then sees an empty run. */
    void finish() {
        lock.lock();
        try {
            finishing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The connection is gone: drop what is queued (nobody can be answered) and wake everyone. */
    void close() {
        lock.lock();
        try {
            closed = true;
            int released = 0;
            for (PendingMessage message : messages) {
                released += permits(message);
            }
            heldMessages -= messages.size();
            messages.clear();
            queuedRecords = 0;
            queuedBytes = 0;
            sharedBytes.release(released);
            work.signal();
            room.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Every message holds at least one permit, so that even empty ones are bounded in number. */
    static int permits(PendingMessage message) {
        return (int) Math.max(1, message.bytes());
    }
}
