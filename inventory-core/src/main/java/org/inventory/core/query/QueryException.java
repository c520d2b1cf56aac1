package org.inventory.core.query;

/**
 * A query parameter ({@code filter}, {@code sort}, {@code fields} or {@code after}) that cannot be used, with a
 * message a client can act on. The one exception every parser of this package throws, so that the server can
 * answer all of them with the same 400 {@code invalid_parameter} naming the parameter.
 */
public final class QueryException extends RuntimeException {
    private final String parameter;

    public QueryException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The parameter at fault, as the client wrote it in the request. */
    public String parameter() {
        return parameter;
    }
}
