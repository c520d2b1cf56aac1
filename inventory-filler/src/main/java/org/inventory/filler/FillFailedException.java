package org.inventory.filler;

/** The load ran but not every record was acknowledged; the message says why, for the user. */
final class FillFailedException extends Exception {
    FillFailedException(String message) {
        super(message);
    }
}
