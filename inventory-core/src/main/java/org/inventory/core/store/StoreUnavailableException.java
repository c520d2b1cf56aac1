package org.inventory.core.store;

/** The store did not answer a read (down, or too slow): the caller may try again later. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
