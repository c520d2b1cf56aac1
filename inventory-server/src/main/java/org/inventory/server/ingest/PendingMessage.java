package org.inventory.server.ingest;

import java.util.List;
import org.bson.RawBsonDocument;
import org.inventory.core.Rejection;

/**
 * One received message waiting for its reply: its records to store, or why it was refused. Refused messages
 * queue too, so that every reply leaves in the order the messages came.
 *
 * @param seq       the message's 1-based number on its connection
 * @param records   the records to store, empty when refused
 * @param rejection why it was refused, or null
 * @param bytes     its size, counted against the ingest limits until it is answered
 */
record PendingMessage(long seq, List<RawBsonDocument> records, Rejection rejection, long bytes) {

    static PendingMessage accepted(long seq, List<RawBsonDocument> records, long bytes) {
        return new PendingMessage(seq, records, null, bytes);
    }

    static PendingMessage refused(long seq, Rejection rejection, long bytes) {
        return new PendingMessage(seq, List.of(), rejection, bytes);
    }

    boolean refused() {
        return rejection != null;
    }
}
