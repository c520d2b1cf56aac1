package org.inventory.core.store;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import com.mongodb.client.MongoCursor;
import org.bson.RawBsonDocument;

/**
 * The records of one query, read from one store cursor batch by batch, so that an export of any size holds one
 * batch at a time. Opened at the first {@link #hasNext}; {@link #close} ends the store's cursor, which a caller does
 * when its client has gone away. Failures are this package's exceptions, as for every query.
 */
public final class RecordStream implements Iterator<RawBsonDocument>, AutoCloseable {
    private final Supplier<MongoCursor<RawBsonDocument>> open;
    private MongoCursor<RawBsonDocument> cursor;
    private boolean closed;

    RecordStream(Supplier<MongoCursor<RawBsonDocument>> open) {
        this.open = open;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        return InventoryRepository.query(() -> {
            if (cursor == null) {
                cursor = open.get();
            }
            return cursor.hasNext();
        });
    }

    @Override
    public RawBsonDocument next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return cursor.next();
    }

    @Override
    public void close() {
        closed = true;
        if (cursor != null) {
            cursor.close();
        }
    }
}
