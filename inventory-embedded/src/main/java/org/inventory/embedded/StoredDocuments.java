package org.inventory.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Stored records read as they are iterated, not before: a query's answer holds their bytes (which no later write
 * changes), so a large answer costs a reference per record until it is sent.
 */
final class StoredDocuments implements Iterable<Document> {
    private final List<byte[]> records;
    private final Function<byte[], Document> reader;

    StoredDocuments(List<byte[]> records, Function<byte[], Document> reader) {
        this.records = records;
        this.reader = reader;
    }

    @Override
    public Iterator<Document> iterator() {
        Iterator<byte[]> next = records.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return next.hasNext();
            }

            @Override
            public Document next() {
                return reader.apply(next.next());
            }
        };
    }
}
