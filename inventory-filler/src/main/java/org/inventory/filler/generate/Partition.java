package org.inventory.filler.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * The records one connection sends: indexes {@code first} (inclusive) to {@code end} (exclusive). Splitting
 * is deterministic, so a run can be repeated exactly, and contiguous, so each connection's {@code _id}s are.
 */
record Partition(long first, long end) {

    long size() {
        return end - first;
    }

    /** Splits {@code count} records into at most {@code parts} slices whose sizes differ by one at most; no empty ones. */
    static List<Partition> split(long count, int parts) {
        var slices = new ArrayList<Partition>(parts);
        long base = count / parts;
        long larger = count % parts;
        long first = 0;
        for (int i = 0; i < parts; i++) {
            long size = base + (i < larger ? 1 : 0);
            if (size > 0) {
                slices.add(new Partition(first, first + size));
            }
            first += size;
        }
        return slices;
    }
}
