package org.inventory.server.browse;

/** A query parameter of {@code /display} out of its range: answered 400 with the API's error body. */
public final class InvalidParameterException extends RuntimeException {
    private final String parameter;

    InvalidParameterException(String parameter, String message) {
        super(message, null, false, false);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
