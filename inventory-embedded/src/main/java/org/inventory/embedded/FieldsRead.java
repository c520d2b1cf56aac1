package org.inventory.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The top-level fields a filter, an aggregation expression or a projection reads, so that a record can be decoded
 * with those fields only ({@link BsonBytes#decode(byte[], BsonBytes.Selection)}): a record cut to them answers exactly as the whole
 * one does. Each method answers null when it cannot tell (an operator that looks at the whole record, such as
 * {@code $where}, {@code $expr} or {@code $$ROOT}); the record is then decoded whole.
 */
final class FieldsRead {
    private FieldsRead() {}

    /** The fields a query filter reads: its field names and those of its {@code $and}, {@code $or}, {@code $nor}. */
    static Set<String> ofFilter(Document filter) {
        var fields = new LinkedHashSet<String>();
        return addFilter(filter, fields) ? fields : null;
    }

    private static boolean addFilter(Document filter, Set<String> fields) {
        for (var entry : filter.entrySet()) {
            String name = entry.getKey();
            switch (name) {
                case "$and", "$or", "$nor" -> {
                    if (!(entry.getValue() instanceof List<?> clauses)) {
                        return false;
                    }
                    for (Object clause : clauses) {
                        if (!(clause instanceof Document document) || !addFilter(document, fields)) {
                            return false;
                        }
                    }
                }
                case "$comment" -> {
                    // reads nothing
                }
                default -> {
                    if (name.startsWith("$")) {
                        return false;
                    }
                    fields.add(topLevel(name));
                }
            }
        }
        return true;
    }

    /**
     * The fields an aggregation expression (or a whole {@code $group} specification) reads: every field path
     * ({@code "$a.b"} reads {@code a}) in it; null when it names a variable ({@code $$ROOT}, {@code $$CURRENT}, a
     * {@code $let}'s), which may stand for the whole record.
     */
    static Set<String> ofExpression(Object expression) {
        var fields = new LinkedHashSet<String>();
        return addExpression(expression, fields) ? fields : null;
    }

    private static boolean addExpression(Object expression, Set<String> fields) {
        if (expression instanceof String text && text.startsWith("$")) {
            if (text.startsWith("$$") || text.length() == 1) {
                return false;
            }
            fields.add(topLevel(text.substring(1)));
        } else if (expression instanceof Document document) {
            for (Object value : document.values()) {
                if (!addExpression(value, fields)) {
                    return false;
                }
            }
        } else if (expression instanceof List<?> list) {
            for (Object value : list) {
                if (!addExpression(value, fields)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The fields an inclusion projection ({@code {"a":1,"b.c":1}}, {@code _id} excluded or not) keeps, with the
     * id field; null for an exclusion projection or one with operators ({@code $slice}, {@code $elemMatch}, ...).
     */
    static Set<String> ofInclusion(Document projection, String idField) {
        var fields = new LinkedHashSet<String>();
        fields.add(idField);
        boolean includes = false;
        for (var entry : projection.entrySet()) {
            String name = entry.getKey();
            Object value = entry.getValue();
            if (name.isEmpty() || name.contains("$")) {
                return null;
            }
            boolean included = value instanceof Boolean flag
                    ? flag
                    : value instanceof Number number ? number.doubleValue() != 0 : false;
            if (!(value instanceof Boolean) && !(value instanceof Number)) {
                return null;
            }
            if (included) {
                includes = true;
                fields.add(topLevel(name));
            } else if (!name.equals(idField)) {
                return null;
            }
        }
        return includes ? fields : null;
    }

    private static String topLevel(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }
}
