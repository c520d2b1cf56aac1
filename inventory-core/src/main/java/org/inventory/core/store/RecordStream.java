package org.inventory.core.store;

import com.mongodb.client.MongoCursor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bson.RawBsonDocument;

/**
 * The records of one query, read from one store cursor batch by batch, so that an export of any size holds a few
 * batches at a time. A reader thread fetches the next batch while the caller writes the current one: the store's
 * work and the caller's overlap, where reading in the caller's thread would take turns with it. The reader runs at
 * most {@value #AHEAD} batches ahead, then waits. Opened at the first {@link #hasNext}, whose failure is thrown there
 * (so a caller can still answer with its status); {@link #close} ends the store's cursor, which a caller does when
 * its client has gone away. Failures are this package's exceptions, as for every query.
 */
public final class RecordStream implements Iterator<RawBsonDocument>, AutoCloseable {
    /** Batches read ahead of the caller. */
    static final int AHEAD = 2;

    private static final List<RawBsonDocument> END = List.of();

    private final Supplier<MongoCursor<RawBsonDocument>> open;
    private final BlockingQueue<Object> batches = new ArrayBlockingQueue<>(AHEAD);
    private volatile boolean closed;
    private boolean started;
    private boolean ended;
    private Iterator<RawBsonDocument> batch = END.iterator();

    RecordStream(Supplier<MongoCursor<RawBsonDocument>> open) {
        this.open = open;
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // END is a sentinel: that very list, put last, ends the stream
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        while (!batch.hasNext()) {
            if (ended) {
                return false;
            }
            if (!started) {
                started = true;
                Thread.ofVirtual().name("record-stream").start(this::read);
            }
            Object next = take();
            if (next instanceof RuntimeException failure) {
                ended = true;
                throw failure;
            }
            @SuppressWarnings("unchecked")
            List<RawBsonDocument> records = (List<RawBsonDocument>) next;
            if (records == END) {
                ended = true;
                return false;
            }
            batch = records.iterator();
        }
        return true;
    }

    @Override
    public RawBsonDocument next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return batch.next();
    }

    /** The reader: each batch the driver holds, handed over whole; then the end, or the failure. */
    private void read() {
        try {
            StoreCalls.query(() -> {
                try (MongoCursor<RawBsonDocument> cursor = open.get()) {
                    while (!closed && cursor.hasNext()) {
                        var records = new ArrayList<RawBsonDocument>(Math.max(1, cursor.available()));
                        do {
                            records.add(cursor.next());
                        } while (cursor.available() > 0);
                        put(records);
                    }
                }
                return null;
            });
            put(END);
        } catch (RuntimeException e) {
            put(e);
        }
    }

    /** Waits for room, giving up once the stream is closed; never interrupted, so no socket of the driver's is. */
    private void put(Object item) {
        try {
            while (!closed && !batches.offer(item, 100, TimeUnit.MILLISECONDS)) {
                // the caller is still writing the batches before
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Object take() {
        try {
            return batches.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while reading the store", e);
        }
    }

    /** Ends the stream: the reader stops after the batch it is fetching and closes the store's cursor. */
    @Override
    public void close() {
        closed = true;
        batches.clear();
    }
}
