package org.inventory.core.store;

import java.util.BitSet;

/**
 * The outcome of one unordered write: which positions were duplicates (of stored {@code _id}s, or in upsert mode of
 * a stored version equal to theirs) and which failed for another reason (with the store's first message for those),
 * and of those which the store refused because it is full. In upsert mode also which replaced a stored record and
 * which were stale (a newer version is stored); {@code replaced} and {@code stale} are null in insert mode. All
 * other positions are stored as new records.
 */
public record InsertResult(
        int size,
        BitSet duplicates,
        BitSet failures,
        BitSet full,
        String failureMessage,
        BitSet replaced,
        BitSet stale) {

    /** An insert mode result. */
    public InsertResult(int size, BitSet duplicates, BitSet failures, BitSet full, String failureMessage) {
        this(size, duplicates, failures, full, failureMessage, null, null);
    }

    public static InsertResult allInserted(int size) {
        return new InsertResult(size, new BitSet(), new BitSet(), new BitSet(), null);
    }

    /** Whether this is the result of an upsert mode write, whose reply also counts replaced and stale records. */
    public boolean upsert() {
        return replaced != null;
    }

    /** The result for the records {@code [from, to)} alone, renumbered from 0. */
    public InsertResult slice(int from, int to) {
        return new InsertResult(
                to - from,
                duplicates.get(from, to),
                failures.get(from, to),
                full.get(from, to),
                failureMessage,
                upsert() ? replaced.get(from, to) : null,
                upsert() ? stale.get(from, to) : null);
    }

    /** Counts in {@code [from, to)}: records stored, duplicates and other failures, replaced and stale ones. */
    public Counts counts(int from, int to) {
        int duplicated = duplicates.get(from, to).cardinality();
        int failed = failures.get(from, to).cardinality();
        int replacing = upsert() ? replaced.get(from, to).cardinality() : 0;
        int old = upsert() ? stale.get(from, to).cardinality() : 0;
        return new Counts(to - from - duplicated - failed - replacing - old, duplicated, failed, replacing, old);
    }

    /** Whether the store refused any of these records because it is full. */
    public boolean storeFull() {
        return !full.isEmpty();
    }

    /** Whether the record at {@code index} was stored as a new record. */
    public boolean inserted(int index) {
        return !duplicates.get(index)
                && !failures.get(index)
                && !(upsert() && (replaced.get(index) || stale.get(index)));
    }

    public record Counts(int inserted, int duplicates, int failed, int replaced, int stale) {
        public Counts(int inserted, int duplicates, int failed) {
            this(inserted, duplicates, failed, 0, 0);
        }
    }
}
