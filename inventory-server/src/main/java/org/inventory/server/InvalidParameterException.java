package org.inventory.server;

/** A query parameter of {@code /display} out of its range: answered 400 with the contract's error body. */
final class InvalidParameterException extends RuntimeException {
    private final String parameter;

    InvalidParameterException(String parameter, String message) {
        super(message, null, false, false);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
