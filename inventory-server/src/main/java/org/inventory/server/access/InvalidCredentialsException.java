package org.inventory.server.access;

/** The credentials file cannot be used: its message names the line and what is wrong, never a token or a hash. */
public final class InvalidCredentialsException extends IllegalArgumentException {
    public InvalidCredentialsException(String message) {
        super(message);
    }
}
