package org.inventory.core.store;

import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import java.util.function.Supplier;

/**
 * A call to the store whose driver failures become this package's own exceptions, so that callers need not know the
 * driver: the two ways the store's classes tell them apart.
 */
final class StoreCalls {
    private StoreCalls() {}

    /**
     * A client's query, whose failures are told apart: too slow, refused by the store (a filter that passed
     * our checks but not the store's own, such as {@code {"$size":"x"}}), or the store failing.
     */
    static <T> T query(Supplier<T> query) {
        try {
            return query.get();
        } catch (MongoExecutionTimeoutException e) {
            throw new QueryTimeoutException("the query took longer than it may; narrow the filter", e);
        } catch (MongoException e) {
            InvalidQueryException refused = InvalidQueryException.of(e);
            throw refused != null ? refused : StoreUnavailableException.of(e);
        }
    }

    /** A read of the service's own, whose store failure is {@link StoreUnavailableException}. */
    static <T> T read(Supplier<T> read) {
        try {
            return read.get();
        } catch (MongoException e) {
            throw StoreUnavailableException.of(e);
        }
    }
}
