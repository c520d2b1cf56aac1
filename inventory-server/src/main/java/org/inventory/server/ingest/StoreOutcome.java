package org.inventory.server.ingest;

import org.inventory.core.ErrorCode;
import org.inventory.core.Rejection;
import org.inventory.core.store.InsertResult;

/**
 * What the store did with one message's records: their share of an insert, or the failure every message
 * of that insert gets.
 *
 * @param result  which of the message's records were stored, duplicates or refused; null on failure
 * @param failure why nothing could be written (store down, too slow, refused the write); null on success
 */
record StoreOutcome(InsertResult result, Rejection failure) {
    static final StoreOutcome UNAVAILABLE = new StoreOutcome(
            null,
            Rejection.of(ErrorCode.UNAVAILABLE, "the store is unavailable or did not answer in time; send again"));

    /** Whether the store could not take the write now (down, or too slow): a client may send it again. */
    boolean unavailable() {
        return failure != null && failure.code() == ErrorCode.UNAVAILABLE;
    }
}
