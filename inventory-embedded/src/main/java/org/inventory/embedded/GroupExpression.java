package org.inventory.embedded;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.aggregation.Expression;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@code $group} expression evaluated as mongo-java-server's {@code Expression.evaluateDocument} evaluates it,
 * step for step, for the expressions the service's summaries use: field paths, constants, {@code $ifNull},
 * {@code $cond} (as an array), {@code $and}, {@code $gt}, {@code $lt}, and a document of them (a key of two paths).
 * The difference is speed: a field path is split once, not by a regular expression at every record, and the
 * operators are looked up once. {@link #of} answers null for anything else (the store's own evaluation then runs);
 * where the store would go on to evaluate a value found in a record (a document, or a string starting with
 * {@code $}, in a key of several paths), that record is evaluated by the store's own code.
 */
final class GroupExpression {
    /** One node of a compiled expression: what the store's {@code Expression.evaluate} gives for it. */
    private interface Node {
        Object evaluate(Document document);
    }

    private final Object source;
    private final Node node;
    private final List<String> names;
    private final List<Node> parts;

    private GroupExpression(Object source, Node node, List<String> names, List<Node> parts) {
        this.source = source;
        this.node = node;
        this.names = names;
        this.parts = parts;
    }

    /** The expression compiled, or null when it holds anything this does not evaluate as the store does. */
    static GroupExpression of(Object expression) {
        if (expression instanceof Document document
                && !document.isEmpty()
                && document.keySet().stream().noneMatch(key -> key.startsWith("$"))) {
            var names = new ArrayList<String>();
            var parts = new ArrayList<Node>();
            for (var entry : document.entrySet()) {
                Node part = compile(entry.getValue());
                if (part == null) {
                    return null;
                }
                names.add(entry.getKey());
                parts.add(part);
            }
            return new GroupExpression(expression, null, names, parts);
        }
        Node node = compile(expression);
        return node == null ? null : new GroupExpression(expression, node, null, null);
    }

    /**
     * {@code Expression.evaluateDocument(expression, whole record)}, from a record cut to the fields the expression
     * names; where the store would evaluate a value found in the record once more (which may name any field), the
     * store's own code runs on the {@code whole} record.
     */
    Object evaluate(Document document, Supplier<Document> whole) {
        if (node != null) {
            Object value = node.evaluate(document);
            return value instanceof Document ? Expression.evaluateDocument(source, whole.get()) : value;
        }
        var result = new Document();
        for (int i = 0; i < parts.size(); i++) {
            Object value = parts.get(i).evaluate(document);
            if (value instanceof Document || (value instanceof String text && text.startsWith("$"))) {
                return Expression.evaluateDocument(source, whole.get());
            }
            if (!(value instanceof Missing)) {
                result.put(names.get(i), value);
            }
        }
        return result;
    }

    private static Node compile(Object expression) {
        if (expression instanceof String text && text.startsWith("$")) {
            return path(text.substring(1));
        }
        if (expression instanceof Document document) {
            if (document.size() != 1) {
                return null;
            }
            String operator = document.keySet().iterator().next();
            Object value = document.get(operator);
            List<Node> arguments = arguments(value);
            if (arguments == null) {
                return null;
            }
            return switch (operator) {
                case "$and" -> and(arguments);
                case "$gt" -> arguments.size() == 2 ? compare(arguments, true) : null;
                case "$lt" -> arguments.size() == 2 ? compare(arguments, false) : null;
                case "$ifNull" -> arguments.size() == 2 ? ifNull(arguments) : null;
                case "$cond" -> value instanceof Collection<?> && arguments.size() == 3 ? cond(arguments) : null;
                default -> null;
            };
        }
        // A constant, a list included: the store gives it back as it is.
        return document -> expression;
    }

    /** An operator's arguments: the elements of a list, or the one value. */
    private static List<Node> arguments(Object value) {
        var arguments = new ArrayList<Node>();
        for (Object argument : value instanceof Collection<?> list ? list : List.of(value)) {
            Node node = compile(argument);
            if (node == null) {
                return null;
            }
            arguments.add(node);
        }
        return arguments;
    }

    /**
     * A field path as {@code Utils.getSubdocumentValueCollectionAware} reads it: through documents, and through
     * the documents of a list (the values of each gathered, a list's own values spread); anything else is missing.
     * Only paths of non-empty parts without {@code $} (the store refuses or reads the others its own way).
     */
    private static Node path(String path) {
        if (path.isEmpty() || path.startsWith("$")) {
            return null;
        }
        String[] parts = path.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.equals("$")) {
                return null;
            }
        }
        return document -> value(document, parts, 0);
    }

    private static Object value(Document document, String[] parts, int index) {
        Object found = document.getOrMissing(parts[index]);
        if (index == parts.length - 1) {
            return found;
        }
        if (found instanceof Document inner) {
            return value(inner, parts, index + 1);
        }
        if (found instanceof Collection<?> values) {
            var result = new ArrayList<Object>();
            for (Object element : values) {
                if (element instanceof Document inner) {
                    Object value = value(inner, parts, index + 1);
                    if (value instanceof Collection<?> many) {
                        result.addAll(many);
                    } else {
                        result.add(value);
                    }
                } else {
                    result.add(Missing.getInstance());
                }
            }
            return result;
        }
        return Missing.getInstance();
    }

    /** Every argument evaluated first, as the store does, then each tested. */
    private static Node and(List<Node> arguments) {
        return document -> {
            var values = new Object[arguments.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = arguments.get(i).evaluate(document);
            }
            for (Object value : values) {
                if (!Utils.isTrue(value)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Node compare(List<Node> arguments, boolean greater) {
        Node first = arguments.get(0);
        Node second = arguments.get(1);
        return document -> {
            Object one = first.evaluate(document);
            Object other = second.evaluate(document);
            int order = ValueComparator.ascWithoutListHandling().compare(one, other);
            return greater ? order > 0 : order < 0;
        };
    }

    private static Node ifNull(List<Node> arguments) {
        Node first = arguments.get(0);
        Node second = arguments.get(1);
        return document -> {
            Object value = first.evaluate(document);
            Object otherwise = second.evaluate(document);
            return Missing.isNeitherNullNorMissing(value) ? value : otherwise;
        };
    }

    /** {@code [if, then, else]}: only the branch taken is evaluated. */
    private static Node cond(List<Node> arguments) {
        Node condition = arguments.get(0);
        Node then = arguments.get(1);
        Node otherwise = arguments.get(2);
        return document ->
                Utils.isTrue(condition.evaluate(document)) ? then.evaluate(document) : otherwise.evaluate(document);
    }
}
