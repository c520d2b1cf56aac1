package org.inventory.server.http;

/** A query parameter out of its range or malformed: answered 400 with the API's error body, naming it. */
public final class InvalidParameterException extends RuntimeException {
    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message, null, false, false);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
