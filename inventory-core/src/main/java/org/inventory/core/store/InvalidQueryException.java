package org.inventory.core.store;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import java.util.Map;

/**
 * The store refused a query as written: a filter that passed our checks but not the store's own (a {@code $size}
 * of {@code "x"}, an unknown {@code $type} alias, a pattern its PCRE will not compile). The client's mistake, to be
 * answered as such: sending the same query again cannot help, and the store is not failing.
 */
public final class InvalidQueryException extends RuntimeException {
    /**
     * MongoDB's codes for "this query cannot run", as opposed to "this server cannot answer now", by number and
     * name as {@code src/mongo/base/error_codes.yml} of the MongoDB server lists them; the two Location codes are
     * raised where the server parses a regular expression (51091 in {@code db/matcher/expression_leaf.cpp}).
     */
    static final Map<Integer, String> CODES = Map.ofEntries(
            Map.entry(2, "BadValue"),
            Map.entry(9, "FailedToParse"),
            Map.entry(14, "TypeMismatch"),
            Map.entry(30, "InvalidPath"),
            Map.entry(72, "InvalidOptions"),
            Map.entry(224, "QueryFeatureNotAllowed"),
            Map.entry(241, "ConversionFailure"),
            // "Regular expression is invalid: …": a pattern PCRE does not compile.
            Map.entry(51091, "Location51091"),
            // "invalid flag in regex options: …".
            Map.entry(51108, "Location51108"));

    private final int code;

    InvalidQueryException(int code, String storeMessage, Throwable cause) {
        super("filter refused by the store: " + storeMessage, cause);
        this.code = code;
    }

    /** MongoDB's error code, one of {@link #CODES}. */
    public int code() {
        return code;
    }

    /** The store's refusal of the query, or null when the failure is not one. */
    static InvalidQueryException of(MongoException e) {
        // A find's or a change stream's refusal (MongoQueryException) is a MongoCommandException too.
        if (e instanceof MongoCommandException command && CODES.containsKey(command.getErrorCode())) {
            return new InvalidQueryException(command.getErrorCode(), command.getErrorMessage(), e);
        }
        return null;
    }
}
