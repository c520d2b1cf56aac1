package org.inventory.core.store;

import java.util.List;
import java.util.Optional;
import org.bson.RawBsonDocument;

/**
 * One page of a find.
 *
 * @param items the records, in the query's order and with its fields
 * @param more  whether more records follow this page
 * @param next  the cursor token for the records after this page; absent when this page is the last, and on a page
 *              by number whose sort key holds an array (no cursor can continue from there)
 */
public record FindResult(List<RawBsonDocument> items, boolean more, Optional<String> next) {
    public FindResult {
        items = List.copyOf(items);
    }
}
