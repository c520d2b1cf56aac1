package org.inventory.core.query;

import java.time.Duration;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;

/**
 * One find: which records, in which order, which of their fields, from where, and how long the store may take.
 *
 * @param filter  the records to select
 * @param sort    their order, {@code _id} last
 * @param fields  the fields to return
 * @param after   where the previous page ended; absent for the first page
 * @param maxTime how long the store may work on it before giving up
 */
public record Query(FilterSpec filter, SortSpec sort, FieldsSpec fields, Optional<Cursor> after, Duration maxTime) {

    /** The filter the store runs: the client's filter and, for a later page, the keyset condition. */
    public BsonDocument condition() {
        BsonDocument filter = this.filter.filter();
        if (after.isEmpty()) {
            return filter;
        }
        BsonDocument keyset = after.get().condition(sort);
        if (filter.isEmpty()) {
            return keyset;
        }
        return new BsonDocument("$and", new BsonArray(java.util.List.of(filter, keyset)));
    }
}
