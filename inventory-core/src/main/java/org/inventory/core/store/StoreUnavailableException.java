package org.inventory.core.store;

import com.mongodb.MongoException;

/** The store did not answer a read (down, or too slow): the caller may try again later. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The driver's failure, in the words every read of the store's classes uses. */
    static StoreUnavailableException of(MongoException e) {
        return new StoreUnavailableException("the store is unavailable: " + e.getMessage(), e);
    }
}
