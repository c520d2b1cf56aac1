package org.inventory.filler.client;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/** What the server has answered so far, over all connections; read by the progress display while it grows. Thread-safe. */
public final class Tally {
    /** Generated records: refused messages are reported one by one up to this many; the rest only counted. */
    static final int REPORTED_MESSAGES = 10;
    /** A file's records: refused records are reported one by one up to this many; the rest only counted. */
    public static final int REPORTED_RECORDS = 100;

    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong replaced = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    /** Whether the server answered in upsert mode: the summary then counts replaced and stale records too. */
    private volatile boolean upsert;

    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong refusedMessages = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final int reported;
    /** The reported refusals with the lowest keys (the first records), the highest on top to be dropped first. */
    private final PriorityQueue<Refusal> refusals =
            new PriorityQueue<>(Comparator.comparingLong(Refusal::key).reversed());

    private record Refusal(long key, String text) {}

    /** Keeps the {@code reported} refusals of the first records in full. */
    public Tally(int reported) {
        this.reported = reported;
    }

    public Tally() {
        this(REPORTED_MESSAGES);
    }

    /** A message of {@code records} was stored: {@code inserted} new, {@code duplicates} already there. */
    void accepted(int records, int inserted, int duplicates) {
        this.inserted.addAndGet(inserted);
        this.duplicates.addAndGet(duplicates);
        acknowledged.addAndGet(records);
    }

    /** A message was stored as {@code reply} counts it, in either write mode. */
    void accepted(int records, Reply reply) {
        if (reply.upsert()) {
            upsert = true;
            replaced.addAndGet(reply.replaced());
            stale.addAndGet(reply.stale());
        }
        accepted(records, reply.inserted(), reply.duplicates());
    }

    long replaced() {
        return replaced.get();
    }

    long stale() {
        return stale.get();
    }

    boolean upsert() {
        return upsert;
    }

    /**
     * A message of {@code records} was rejected for good (by the server, or by its rules before sending);
     * {@code why} says which records and why; {@code key} orders the reports: the record's number or line.
     */
    public void refused(int records, long key, String why) {
        refused.addAndGet(records);
        refusedMessages.incrementAndGet();
        synchronized (refusals) {
            refusals.add(new Refusal(key, why));
            if (refusals.size() > reported) {
                refusals.poll();
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

    public long acknowledged() {
        return acknowledged.get();
    }

    long inserted() {
        return inserted.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    public long refused() {
        return refused.get();
    }

    long refusedMessages() {
        return refusedMessages.get();
    }

    public long retried() {
        return retried.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    /** The reported refusals, those of the first records, in the order of their records. */
    List<String> refusals() {
        synchronized (refusals) {
            return refusals.stream()
                    .sorted(Comparator.comparingLong(Refusal::key))
                    .map(Refusal::text)
                    .toList();
        }
    }
}
