package org.inventory.core.query;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The one rule for a dotted field path a client or an operator names ({@code filter}, {@code sort},
 * {@code fields}, {@code INVENTORY_INDEXES}): not empty, no NUL, no empty part ({@code .a}, {@code a.}, {@code a..b}),
 * and, outside a filter, no {@code $} (a filter's names are checked against its operators instead). Each caller
 * words the problem for its own parameter. And the one reading of such a path through a record's embedded documents.
 */
public final class FieldPath {
    /** What is wrong with a path, checked in this order. */
    enum Problem {
        EMPTY,
        DOLLAR,
        NUL,
        EMPTY_PART
    }

    private FieldPath() {}

    /** Whether {@code path} is a field path with no {@code $} in it: for paths an operator configures. */
    public static boolean isPath(String path) {
        return problem(path, false) == null;
    }

    /** The first problem of {@code path}, or null when it is a path; {@code $} is one unless {@code dollarAllowed}. */
    static Problem problem(String path, boolean dollarAllowed) {
        if (path.isEmpty()) {
            return Problem.EMPTY;
        }
        if (!dollarAllowed && path.indexOf('$') >= 0) {
            return Problem.DOLLAR;
        }
        if (path.indexOf('\0') >= 0) {
            return Problem.NUL;
        }
        if (path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            return Problem.EMPTY_PART;
        }
        return null;
    }

    /**
     * The value at a dotted path through embedded documents only (an array on the way is not looked into); null
     * where the path ends early or meets another value.
     */
    public static BsonValue valueIn(BsonDocument record, String path) {
        BsonDocument at = record;
        int start = 0;
        while (true) {
            int dot = path.indexOf('.', start);
            BsonValue value = at.get(dot < 0 ? path.substring(start) : path.substring(start, dot));
            if (dot < 0 || value == null) {
                return value;
            }
            if (!value.isDocument()) {
                return null;
            }
            at = value.asDocument();
            start = dot + 1;
        }
    }
}
