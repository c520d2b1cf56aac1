package org.inventory.core.store;

/**
 * The room a store has, in bytes: what its data takes and the most it can hold (for MongoDB the file system it
 * stores on; for the embedded store its memory bound).
 */
public record StoreSpace(long used, long total) {

    /** Whether less than {@code room} bytes are left: not even that much more could be stored. */
    public boolean fullFor(long room) {
        return total - used < room;
    }
}
