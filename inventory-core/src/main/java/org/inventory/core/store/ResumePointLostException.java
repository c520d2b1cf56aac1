package org.inventory.core.store;

/** A change stream cannot resume from the given point: the token is not valid here, or the oplog moved past it. */
public final class ResumePointLostException extends RuntimeException {
    public ResumePointLostException(String message) {
        super(message, null, false, false);
    }
}
