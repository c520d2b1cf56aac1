package org.inventory.filler.generate;

import org.inventory.filler.client.Batch;
import org.inventory.filler.client.Reply;

/**
 * What the loader tells a user about a refused message of generated records: which records, by index and
 * {@code _id}, and why.
 */
final class RefusalText {
    private RefusalText() {}

    /** A refused message: the record the server named (with its field), or the message's records, and why. */
    static String of(Batch batch, Reply.Error error, RecordGenerator generator) {
        String why = error.code() + ": " + error.message();
        if (error.index() >= 0 && error.index() < batch.count()) {
            long index = batch.first() + error.index();
            String at = error.path() == null || error.path().isEmpty() ? "" : " at " + error.path();
            String rest = batch.count() == 1
                    ? ""
                    : "; its message (records " + batch.first() + "-" + batch.last() + ") was refused as a whole";
            return "refused record " + index + " (_id " + generator.id(index) + ")" + at + ": " + why + rest;
        }
        if (batch.count() == 1) {
            return "refused record " + batch.first() + " (_id " + generator.id(batch.first()) + "): " + why;
        }
        return "refused records " + batch.first() + "-" + batch.last() + " (_id " + generator.id(batch.first()) + " to "
                + generator.id(batch.last()) + "): " + why;
    }
}
