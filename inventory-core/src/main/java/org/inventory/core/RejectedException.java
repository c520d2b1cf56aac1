package org.inventory.core;

/** Thrown by the parser when a message breaks the protocol; carries the reply's {@link Rejection}. */
public final class RejectedException extends Exception {
    private final Rejection rejection;

    public RejectedException(Rejection rejection) {
        super(rejection.message(), null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
