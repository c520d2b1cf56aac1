package org.inventory.server;

import org.inventory.core.ErrorCode;
import org.inventory.core.InsertResult;
import org.inventory.core.Rejection;

/**
 * The result of one insert, or the failure every message in it gets.
 *
 * @param result  which records were stored, duplicates or refused; null on failure
 * @param failure why nothing could be written (store down, too slow, refused the write); null on success
 */
record StoreOutcome(InsertResult result, Rejection failure) {

    static StoreOutcome of(InsertResult result) {
        return new StoreOutcome(result, null);
    }

    static StoreOutcome failed(Rejection failure) {
        return new StoreOutcome(null, failure);
    }

    /** Whether the store could not take the write now (down, or too slow): a client may send it again. */
    boolean unavailable() {
        return failure != null && failure.code() == ErrorCode.UNAVAILABLE;
    }

    /** The outcome of the records {@code [from, to)} alone. */
    StoreOutcome slice(int from, int to) {
        return failure != null ? this : of(result.slice(from, to));
    }

    /** The reply to message {@code seq}, whose records are {@code [from, to)}; counts it in the metrics. */
    String reply(long seq, int from, int to, IngestMetrics metrics) {
        if (failure != null) {
            metrics.rejected(failure.code());
            return Replies.rejected(seq, failure);
        }
        InsertResult.Counts counts = result.counts(from, to);
        if (counts.failed() > 0) {
            metrics.rejected(ErrorCode.INTERNAL);
            return Replies.rejected(seq, Rejection.of(ErrorCode.INTERNAL,
                    "the store refused " + counts.failed() + " record(s): " + result.failureMessage()));
        }
        metrics.accepted(counts.inserted(), counts.duplicates());
        return Replies.accepted(seq, counts);
    }
}
