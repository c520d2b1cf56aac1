package org.inventory.core.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.bson.BsonDocument;
import org.bson.BsonRegularExpression;
import org.bson.BsonType;
import org.bson.BsonValue;

/**
 * A {@link FilterSpec} evaluated in Java, with MongoDB's semantics, for records that never go through a query
 * (the live feed's in-process source). What it follows, as MongoDB's query documentation states it:
 * <ul>
 * <li>a dotted path reaches into embedded documents and through arrays of them, and a numeric part also indexes an
 *     array; a condition on a path holds when it holds for any value found there, and for an array at the end of
 *     the path, for the array itself or any of its elements;</li>
 * <li>{@code null} (in {@code $eq}, {@code $in}, {@code $gte}, {@code $lte}) also matches a missing field, including
 *     an array element that lacks it; {@code $ne} and {@code $nin} are the negations of {@code $eq} and {@code $in};
 *     {@code $exists:false} and {@code $not} hold where the negated condition does not;</li>
 * <li>comparisons only match values of the compared value's own type bracket ({@link BsonOrder}): numbers of all four
 *     types compare by value with each other, exactly; strings compare by code point (binary, no collation);
 *     documents and arrays compare element by element;</li>
 * <li>a regular expression as a value ({@code {"a":{"$regularExpression":…}}}, in {@code $in} or {@code $regex})
 *     matches strings by pattern; {@code $eq} with one compares it as a value;</li>
 * <li>{@code $size} and {@code $elemMatch} look at arrays themselves, {@code $all} is the {@code $and} of its
 *     values' equalities (or {@code $elemMatch}es), and an empty {@code $all} matches nothing.</li>
 * </ul>
 * Regular expressions run on {@link java.util.regex}, which reads the common syntax as PCRE does (classes,
 * quantifiers, anchors, groups and the flags i, m, s, x) but not PCRE's rarer constructs. Values a filter cannot
 * use ({@code $size} that is not a whole non-negative number, an unknown {@code $type}, a pattern that does not
 * compile) are refused when the matcher is made, with the {@link QueryException} MongoDB's refusal would become.
 */
public final class FilterMatcher {
    private static final Map<String, Integer> TYPE_ALIASES = Map.ofEntries(
            Map.entry("double", 1), Map.entry("string", 2), Map.entry("object", 3), Map.entry("array", 4),
            Map.entry("binData", 5), Map.entry("undefined", 6), Map.entry("objectId", 7), Map.entry("bool", 8),
            Map.entry("date", 9), Map.entry("null", 10), Map.entry("regex", 11), Map.entry("dbPointer", 12),
            Map.entry("javascript", 13), Map.entry("symbol", 14), Map.entry("javascriptWithScope", 15),
            Map.entry("int", 16), Map.entry("timestamp", 17), Map.entry("long", 18), Map.entry("decimal", 19),
            Map.entry("minKey", -1), Map.entry("maxKey", 127));
    /** {@code $type: "number"}: any of the four numeric types. */
    private static final int NUMBER = Integer.MIN_VALUE;

    private final Predicate<BsonDocument> query;

    private FilterMatcher(Predicate<BsonDocument> query) {
        this.query = query;
    }

    /**
     * The matcher of a checked filter.
     *
     * @throws QueryException naming {@code filter} for a value MongoDB would refuse to run
     */
    public static FilterMatcher of(FilterSpec filter) {
        return new FilterMatcher(query(filter.filter()));
    }

    /** Whether the record matches, as MongoDB's {@code find} with this filter would select it. */
    public boolean matches(BsonDocument record) {
        return query.test(record);
    }

    private static Predicate<BsonDocument> query(BsonDocument query) {
        var clauses = new ArrayList<Predicate<BsonDocument>>();
        for (Map.Entry<String, BsonValue> entry : query.entrySet()) {
            String name = entry.getKey();
            switch (name) {
                case "$and" -> clauses.add(all(queries(entry.getValue())));
                case "$or" -> clauses.add(any(queries(entry.getValue())));
                case "$nor" -> clauses.add(any(queries(entry.getValue())).negate());
                default -> {
                    String[] path = name.split("\\.");
                    Predicate<Values> condition = condition(entry.getValue());
                    clauses.add(record -> condition.test(Values.at(record, path)));
                }
            }
        }
        return all(clauses);
    }

    private static List<Predicate<BsonDocument>> queries(BsonValue array) {
        return array.asArray().stream().map(clause -> query(clause.asDocument())).toList();
    }

    private static <T> Predicate<T> all(List<Predicate<T>> clauses) {
        return value -> {
            for (Predicate<T> clause : clauses) {
                if (!clause.test(value)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static <T> Predicate<T> any(List<Predicate<T>> clauses) {
        return value -> {
            for (Predicate<T> clause : clauses) {
                if (clause.test(value)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** A field's condition: an operator document, or a value to equal (a regular expression matching by pattern). */
    private static Predicate<Values> condition(BsonValue condition) {
        if (isOperatorDocument(condition)) {
            return operators(condition.asDocument());
        }
        return equalsOrMatches(condition);
    }

    private static boolean isOperatorDocument(BsonValue value) {
        return value.isDocument() && !value.asDocument().isEmpty()
                && value.asDocument().getFirstKey().startsWith("$");
    }

    private static Predicate<Values> operators(BsonDocument operators) {
        var tests = new ArrayList<Predicate<Values>>();
        for (Map.Entry<String, BsonValue> entry : operators.entrySet()) {
            BsonValue operand = entry.getValue();
            switch (entry.getKey()) {
                case "$eq" -> tests.add(equal(operand));
                case "$ne" -> tests.add(equal(operand).negate());
                case "$gt" -> tests.add(compare(operand, c -> c > 0));
                case "$gte" -> tests.add(compare(operand, c -> c >= 0).or(nullMatchesMissing(operand)));
                case "$lt" -> tests.add(compare(operand, c -> c < 0));
                case "$lte" -> tests.add(compare(operand, c -> c <= 0).or(nullMatchesMissing(operand)));
                case "$in" -> tests.add(in(operand.asArray().getValues()));
                case "$nin" -> tests.add(in(operand.asArray().getValues()).negate());
                case "$exists" -> {
                    boolean wanted = truthy(operand);
                    tests.add(values -> !values.found().isEmpty() == wanted);
                }
                case "$type" -> tests.add(type(operand));
                case "$regex" -> tests.add(anyElement(regex(operand, operators.get("$options"))));
                case "$options" -> {
                    // read with $regex
                }
                case "$not" -> tests.add((operand.isRegularExpression()
                        ? anyElement(regex(operand, null)) : operators(operand.asDocument())).negate());
                case "$size" -> tests.add(size(operand));
                case "$elemMatch" -> tests.add(elemMatch(operand.asDocument()));
                case "$all" -> tests.add(allOf(operand.asArray().getValues()));
                default -> throw new QueryException("filter", "filter operator " + entry.getKey() + " is not allowed");
            }
        }
        return all(tests);
    }

    /** {@code {"a": v}}: equality, except that a regular expression matches strings by its pattern. */
    private static Predicate<Values> equalsOrMatches(BsonValue value) {
        if (value.isRegularExpression()) {
            Predicate<BsonValue> regex = regex(value, null);
            Predicate<BsonValue> same = v -> BsonCompare.equal(v, value);
            return anyElement(regex.or(same));
        }
        return equal(value);
    }

    private static Predicate<Values> equal(BsonValue value) {
        return anyElement(v -> BsonCompare.equal(v, value)).or(nullMatchesMissing(value));
    }

    private static Predicate<Values> nullMatchesMissing(BsonValue value) {
        return value.isNull() ? Values::missing : values -> false;
    }

    private static Predicate<Values> compare(BsonValue operand, java.util.function.IntPredicate holds) {
        return anyElement(v -> BsonOrder.bracket(v) == BsonOrder.bracket(operand) && holds.test(BsonCompare.compare(v, operand)));
    }

    private static Predicate<Values> in(List<BsonValue> values) {
        return any(values.stream().map(FilterMatcher::equalsOrMatches).toList());
    }

    private static Predicate<Values> allOf(List<BsonValue> values) {
        if (values.isEmpty()) {
            return v -> false;
        }
        return all(values.stream().map(value -> isOperatorDocument(value)
                ? elemMatch(value.asDocument().getDocument("$elemMatch")) : equal(value)).toList());
    }

    private static Predicate<Values> size(BsonValue operand) {
        if (!operand.isNumber() && !operand.isDecimal128()) {
            throw refused("$size needs a number, got " + operand.getBsonType());
        }
        double size = operand.isDecimal128() ? operand.asDecimal128().doubleValue() : operand.asNumber().doubleValue();
        if (size < 0 || size != Math.rint(size) || size > Integer.MAX_VALUE) {
            throw refused("$size needs a whole number of at least 0");
        }
        return values -> values.found().stream().anyMatch(v -> v.isArray() && v.asArray().size() == (int) size);
    }

    private static Predicate<Values> elemMatch(BsonDocument match) {
        boolean onValues = !match.isEmpty() && match.keySet().stream()
                .allMatch(key -> key.startsWith("$") && !key.equals("$and") && !key.equals("$or") && !key.equals("$nor"));
        Predicate<BsonValue> element;
        if (onValues) {
            // The element itself is the value: no further look into it, were it an array.
            Predicate<Values> conditions = operators(match);
            element = v -> conditions.test(Values.of(v));
        } else {
            Predicate<BsonDocument> query = query(match);
            element = v -> v.isDocument() && query.test(v.asDocument());
        }
        return values -> values.found().stream()
                .anyMatch(v -> v.isArray() && v.asArray().stream().anyMatch(element));
    }

    private static Predicate<Values> type(BsonValue operand) {
        List<BsonValue> wanted = operand.isArray() ? operand.asArray().getValues() : List.of(operand);
        var codes = new ArrayList<Integer>();
        for (BsonValue type : wanted) {
            codes.add(typeCode(type));
        }
        Predicate<BsonValue> ofType = v -> codes.stream().anyMatch(code -> hasType(v, code));
        // An array matches "array" itself, and any type through its elements.
        return values -> values.found().stream().anyMatch(v -> ofType.test(v)
                || (v.isArray() && v.asArray().stream().anyMatch(ofType)));
    }

    private static int typeCode(BsonValue type) {
        if (type.isString()) {
            String alias = type.asString().getValue();
            if (alias.equals("number")) {
                return NUMBER;
            }
            Integer code = TYPE_ALIASES.get(alias);
            if (code == null) {
                throw refused("$type has an unknown type name '" + alias + "'");
            }
            return code;
        }
        if (type.isNumber() || type.isDecimal128()) {
            double code = type.isDecimal128() ? type.asDecimal128().doubleValue() : type.asNumber().doubleValue();
            if (code == Math.rint(code) && TYPE_ALIASES.containsValue((int) code)) {
                return (int) code;
            }
            throw refused("$type has an unknown type number " + java.math.BigDecimal.valueOf(code).stripTrailingZeros().toPlainString());
        }
        throw refused("$type needs a type name or number");
    }

    private static boolean hasType(BsonValue value, int code) {
        BsonType type = value.getBsonType();
        if (code == NUMBER) {
            return value.isNumber() || value.isDecimal128();
        }
        // The $type number is the BSON type byte, signed: MinKey (0xFF) is -1.
        return (byte) type.getValue() == (byte) code;
    }

    private static Predicate<BsonValue> regex(BsonValue pattern, BsonValue extraOptions) {
        String source;
        String options = extraOptions != null && extraOptions.isString() ? extraOptions.asString().getValue() : "";
        if (pattern.isRegularExpression()) {
            BsonRegularExpression regex = pattern.asRegularExpression();
            source = regex.getPattern();
            options = regex.getOptions() + options;
        } else if (pattern.isString()) {
            source = pattern.asString().getValue();
        } else {
            throw refused("$regex must be a string");
        }
        int flags = 0;
        for (int i = 0; i < options.length(); i++) {
            flags |= switch (options.charAt(i)) {
                case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> Pattern.MULTILINE;
                case 's' -> Pattern.DOTALL;
                case 'x' -> Pattern.COMMENTS;
                default -> throw refused("regular expression options may only be i, m, s and x");
            };
        }
        try {
            Pattern compiled = Pattern.compile(source, flags);
            return v -> (v.isString() || v.isSymbol())
                    && compiled.matcher(v.isString() ? v.asString().getValue() : v.asSymbol().getSymbol()).find();
        } catch (PatternSyntaxException e) {
            throw refused("has a regular expression that does not compile: " + e.getDescription());
        }
    }

    /** A value test on a field: true when it holds for a value found there or, for an array, one of its elements. */
    private static Predicate<Values> anyElement(Predicate<BsonValue> test) {
        return values -> {
            for (BsonValue value : values.found()) {
                if (test.test(value)) {
                    return true;
                }
                if (value.isArray()) {
                    for (BsonValue element : value.asArray()) {
                        if (test.test(element)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        };
    }

    /** MongoDB reads {@code $exists}' operand as a boolean: false, 0 and null are false, anything else true. */
    private static boolean truthy(BsonValue value) {
        if (value.isBoolean()) {
            return value.asBoolean().getValue();
        }
        if (value.isNumber()) {
            return value.asNumber().doubleValue() != 0;
        }
        if (value.isDecimal128()) {
            return !value.asDecimal128().getValue().isNaN() && BsonCompare.decimal(value.asDecimal128().getValue()).signum() != 0;
        }
        return !value.isNull() && value.getBsonType() != BsonType.UNDEFINED;
    }

    private static QueryException refused(String message) {
        return new QueryException("filter", "filter " + message);
    }

    /**
     * The values a dotted path reaches in a record, and whether it missed somewhere (the field absent, or an
     * element of an array it went through lacking it): what a {@code null} condition also matches.
     */
    record Values(List<BsonValue> found, boolean missing) {
        static Values of(BsonValue value) {
            return new Values(List.of(value), false);
        }

        static Values at(BsonDocument record, String[] path) {
            var found = new ArrayList<BsonValue>(1);
            boolean missing = collect(record, path, 0, found);
            return new Values(found, missing);
        }

        /** Adds what {@code path[from..]} reaches from {@code value}; returns whether a branch missed. */
        private static boolean collect(BsonValue value, String[] path, int from, List<BsonValue> found) {
            if (from == path.length) {
                found.add(value);
                return false;
            }
            String part = path[from];
            if (value.isDocument()) {
                BsonValue next = value.asDocument().get(part);
                return next == null || collect(next, path, from + 1, found);
            }
            if (value.isArray()) {
                boolean missing = false;
                int index = arrayIndex(part);
                if (index >= value.asArray().size()) {
                    missing = true;
                } else if (index >= 0) {
                    missing = collect(value.asArray().get(index), path, from + 1, found);
                }
                for (BsonValue element : value.asArray()) {
                    // A numeric part names the element; an element's own field of that name counts only if there.
                    boolean elementMissed = !element.isDocument() || collect(element, path, from, found);
                    missing |= elementMissed && index < 0;
                }
                return missing;
            }
            return true;
        }

        private static int arrayIndex(String part) {
            if (part.isEmpty() || part.length() > 9 || !part.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            return Integer.parseInt(part);
        }
    }
}
