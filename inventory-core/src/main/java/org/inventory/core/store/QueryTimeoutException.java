package org.inventory.core.store;

/**
 * The store gave up on a find or a count after the time it was given: the query is too costly as asked (a
 * filter on unindexed fields over a large collection), not the store being down, so a client should narrow it
 * rather than simply try again.
 */
public final class QueryTimeoutException extends RuntimeException {
    public QueryTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
