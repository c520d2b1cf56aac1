package org.inventory.server.ingest;

import java.util.ArrayList;
import java.util.List;
import org.bson.RawBsonDocument;
import org.inventory.core.ErrorCode;
import org.inventory.core.Rejection;
import org.inventory.core.store.InsertOutcome;

/**
 * The records of several messages (of one or more connections) written as one insert, and each message's
 * share of the store's answer: the one place that knows where each message's records sit in the write.
 */
final class CombinedWrite {
    private static final StoreOutcome REFUSED =
            new StoreOutcome(null, Rejection.of(ErrorCode.INTERNAL, "the store refused the write"));

    private final List<List<RawBsonDocument>> messages;
    private final List<RawBsonDocument> records = new ArrayList<>();

    CombinedWrite(List<List<RawBsonDocument>> messages) {
        this.messages = messages;
        for (List<RawBsonDocument> message : messages) {
            records.addAll(message);
        }
    }

    /** Every message's records, in order: what the store is given. */
    List<RawBsonDocument> records() {
        return records;
    }

    /** The store's answer to {@link #records()}, split into each message's outcome, in order. */
    List<StoreOutcome> split(InsertOutcome outcome) {
        var outcomes = new ArrayList<StoreOutcome>(messages.size());
        int from = 0;
        for (List<RawBsonDocument> message : messages) {
            int to = from + message.size();
            outcomes.add(
                    switch (outcome.failure()) {
                        case null -> new StoreOutcome(outcome.result().slice(from, to), null);
                        case UNAVAILABLE -> StoreOutcome.UNAVAILABLE;
                        case REFUSED -> REFUSED;
                    });
            from = to;
        }
        return outcomes;
    }
}
