package org.inventory.server.browse;

import java.util.List;
import java.util.Optional;
import org.bson.RawBsonDocument;

/**
 * One page of records as {@code /display} shows it, in JSON or HTML.
 *
 * @param query the request it answers
 * @param total unfiltered, the collection's size (from its metadata, see docs/api.md); filtered, the matches counted up
 *              to the count limit; absent on a filtered cursor page, which does not count (see {@link Total})
 * @param items the records, in the query's order
 * @param more  whether records follow this page
 * @param next  the cursor token for the records after this page, when they exist and a cursor can name them
 */
record DisplayPage(
        PageQuery query, Optional<Total> total, List<RawBsonDocument> items, boolean more, Optional<String> next) {

    /**
     * How many records the query has. A filtered cursor page leaves it out: counting the matches on every page of a
     * walk would cost up to the count limit each time, where the cursor promises the same small cost at any depth.
     *
     * @param count  the total, or the count limit when capped
     * @param capped whether the matches were counted only up to the limit, so that the number of pages is unknown
     */
    record Total(long count, boolean capped) {}

    /** Pages of {@code per_page} records the total makes: 0 for an empty collection. */
    long pages() {
        return (total.orElseThrow().count() + query.perPage() - 1) / query.perPage();
    }

    /** The last page to link to: at least 1. */
    long lastPage() {
        return Math.max(1, pages());
    }

    /** Whether the last page is known: not when the matches were not counted or the count stopped at its limit. */
    boolean lastKnown() {
        return total.isPresent() && !total.get().capped();
    }

    boolean hasNext() {
        return query.cursor() ? next.isPresent() : more;
    }

    boolean hasPrevious() {
        return !query.cursor() && query.page() > 1;
    }
}
