package org.inventory.filler.generate;

import org.inventory.filler.client.Batch;
import org.inventory.filler.client.Records;
import org.inventory.filler.client.Reply;

/** The generator's records as messages: made again from their numbers whenever sent; a refusal fails the message. */
record GeneratedRecords(RecordGenerator generator) implements Records {

    @Override
    public String message(long first, int count, boolean array) {
        return generator.message(first, count, array);
    }

    @Override
    public boolean isolatesRefusals() {
        return false;
    }

    @Override
    public String refusal(Batch batch, Reply.Error error) {
        return RefusalText.of(batch, error, generator);
    }
}
