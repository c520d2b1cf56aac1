package org.inventory.core.query;

import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

/**
 * One key of a sort: a field path and its direction.
 *
 * @param path       a dotted field path, e.g. {@code price.amount}
 * @param descending whether larger values come first
 */
public record SortKey(String path, boolean descending) {
    /** A key as written in {@code sort} and {@code INVENTORY_INDEXES}: a path, {@code -path} for descending. */
    static SortKey parse(String text) {
        boolean descending = text.startsWith("-");
        return new SortKey(descending ? text.substring(1) : text, descending);
    }

    /** Keys as MongoDB takes them for a sort or an index, in order: 1 ascending, -1 descending. */
    static BsonDocument document(List<SortKey> keys) {
        var document = new BsonDocument();
        keys.forEach(key -> document.put(key.path(), new BsonInt32(key.descending() ? -1 : 1)));
        return document;
    }

    /** As the client writes it: {@code -price.amount} or {@code sku}. */
    @Override
    public String toString() {
        return (descending ? "-" : "") + path;
    }
}
