package org.inventory.embedded;

import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The rest of a query's answer behind a cursor, each batch read from the records' bytes when it is asked for. */
final class StoredCursor extends AbstractCursor {
    private final List<byte[]> records;
    private final Function<byte[], Document> reader;
    private int next;

    StoredCursor(long id, List<byte[]> records, Function<byte[], Document> reader) {
        super(id);
        this.records = records;
        this.reader = reader;
    }

    @Override
    public synchronized boolean isEmpty() {
        return next == records.size();
    }

    @Override
    public synchronized List<Document> takeDocuments(int numberToReturn) {
        if (numberToReturn <= 0) {
            throw new IllegalArgumentException("Illegal number to return: " + numberToReturn);
        }
        int end = Math.min(records.size(), next + numberToReturn);
        var batch = new ArrayList<Document>(end - next);
        for (; next < end; next++) {
            batch.add(reader.apply(records.get(next)));
        }
        return batch;
    }
}
