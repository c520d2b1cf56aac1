package org.inventory.core.store;

/**
 * What the store did with one insert: stored (with the positions that were duplicates or failed), or nothing
 * at all, either because it could not take the write now ({@link Failure#UNAVAILABLE}: down, too slow, not the
 * primary; a client may send it again) or because it refused it ({@link Failure#REFUSED}).
 *
 * @param result  the insert's result; null when it failed
 * @param failure why nothing was written; null when stored
 * @param detail  the store's own words for a failure, for the log; null when stored
 */
public record InsertOutcome(InsertResult result, Failure failure, String detail) {

    public enum Failure {
        UNAVAILABLE,
        REFUSED
    }

    public static InsertOutcome stored(InsertResult result) {
        return new InsertOutcome(result, null, null);
    }

    public static InsertOutcome failed(Failure failure, String detail) {
        return new InsertOutcome(null, failure, detail);
    }
}
