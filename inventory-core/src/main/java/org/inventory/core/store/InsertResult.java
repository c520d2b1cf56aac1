package org.inventory.core.store;

import java.util.BitSet;

/**
 * The outcome of one unordered insert: which positions were duplicates of stored {@code _id}s and which
 * failed for another reason (with the store's first message for those), and of those which the store refused
 * because it is full. All other positions are stored.
 */
public record InsertResult(int size, BitSet duplicates, BitSet failures, BitSet full, String failureMessage) {

    public static InsertResult allInserted(int size) {
        return new InsertResult(size, new BitSet(), new BitSet(), new BitSet(), null);
    }

    /** The result for the records {@code [from, to)} alone, renumbered from 0. */
    public InsertResult slice(int from, int to) {
        return new InsertResult(to - from, duplicates.get(from, to), failures.get(from, to), full.get(from, to),
                failureMessage);
    }

    /** Counts in {@code [from, to)}: records stored, duplicates and other failures. */
    public Counts counts(int from, int to) {
        int duplicated = duplicates.get(from, to).cardinality();
        int failed = failures.get(from, to).cardinality();
        return new Counts(to - from - duplicated - failed, duplicated, failed);
    }

    /** Whether the store refused any of these records because it is full. */
    public boolean storeFull() {
        return !full.isEmpty();
    }

    public record Counts(int inserted, int duplicates, int failed) {
    }
}
