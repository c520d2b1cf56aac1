package org.inventory.filler.imports;

import java.util.List;
import org.inventory.filler.client.Batch;
import org.inventory.filler.client.Records;
import org.inventory.filler.client.Reply;

/**
 * The records of one message read from a file, held until it is answered: records {@code first} onwards (numbered
 * in the order read), their JSON and their lines. Parts of it go again when the server refuses it for one record.
 */
final class FileChunk implements Records {
    private final long first;
    private final List<String> records;
    private final long[] lines;

    FileChunk(long first, List<String> records, long[] lines) {
        this.first = first;
        this.records = List.copyOf(records);
        this.lines = lines;
    }

    Batch batch() {
        return new Batch(first, records.size(), 0, this);
    }

    @Override
    public String message(long from, int count, boolean array) {
        int start = (int) (from - first);
        if (!array) {
            return records.get(start);
        }
        int length = 2 + count;
        for (int i = start; i < start + count; i++) {
            length += records.get(i).length();
        }
        var text = new StringBuilder(length).append('[');
        for (int i = start; i < start + count; i++) {
            if (i > start) {
                text.append(',');
            }
            text.append(records.get(i));
        }
        return text.append(']').toString();
    }

    @Override
    public boolean isolatesRefusals() {
        return true;
    }

    @Override
    public String refusal(Batch batch, Reply.Error error) {
        String text = new LineRefusal(order(batch.first()), error.code(), error.path(), error.message()).text();
        return batch.count() == 1
                ? text
                : text + " (and the " + (batch.count() - 1) + " records after it in its message)";
    }

    @Override
    public long order(long record) {
        return lines[(int) (record - first)];
    }
}
