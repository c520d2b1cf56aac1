package org.inventory.embedded;

import java.util.ArrayList;
import java.util.List;

/** What a walk of records in order keeps of its matches for a find: those after the first {@code skip}, up to {@code limit}. */
final class Matches<T> {
    private final List<T> kept = new ArrayList<>();
    private final int limit;
    private int toSkip;

    /** {@code limit} 0 (or less) keeps every match, as the store reads a find's limit. */
    Matches(int skip, int limit) {
        this.toSkip = Math.max(skip, 0);
        this.limit = limit;
    }

    /** Takes the next match; false once the find has all it asked for, and the walk can stop. */
    boolean add(T match) {
        if (toSkip > 0) {
            toSkip--;
            return true;
        }
        kept.add(match);
        return limit <= 0 || kept.size() < limit;
    }

    List<T> kept() {
        return kept;
    }
}
