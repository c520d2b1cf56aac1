package org.inventory.server.browse;

import java.util.List;
import java.util.Optional;

import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;

/**
 * One page of records as {@code /display} shows it, in JSON or HTML.
 *
 * @param query the request it answers
 * @param total the collection's size (from its metadata, see README)
 * @param items the records, in {@code _id} order
 * @param next  in cursor mode, the {@code _id} to continue after, when more records follow
 */
record DisplayPage(PageQuery query, long total, List<RawBsonDocument> items, Optional<ObjectId> next) {

    /** Pages of {@code per_page} records the total makes: 0 for an empty collection. */
    long pages() {
        return (total + query.perPage() - 1) / query.perPage();
    }

    /** The last page to link to: at least 1. */
    long lastPage() {
        return Math.max(1, pages());
    }

    boolean hasNext() {
        return query.cursor() ? next.isPresent() : query.page() < pages();
    }

    boolean hasPrevious() {
        return !query.cursor() && query.page() > 1;
    }
}
