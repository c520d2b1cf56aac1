package org.inventory.core.store;

import java.util.List;
import java.util.Optional;

import org.bson.RawBsonDocument;

/**
 * One page of a find.
 *
 * @param items the records, in the query's order and with its fields
 * @param next  the cursor token for the page after this one; absent when this page is the last
 */
public record FindResult(List<RawBsonDocument> items, Optional<String> next) {
    public FindResult {
        items = List.copyOf(items);
    }
}
