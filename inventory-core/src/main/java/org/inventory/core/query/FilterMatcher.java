package org.inventory.core.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonRegularExpression;
import org.bson.BsonType;
import org.bson.BsonValue;

/**
 * A {@link FilterSpec} evaluated in Java, with MongoDB's semantics, for records that never go through a query
 * (the live feed's in-process source). What it follows, as MongoDB's query documentation states it:
 * <ul>
 * <li>a dotted path reaches into embedded documents and through arrays: into each element that is a document (a
 *     numeric part being a field name there) and, for a numeric part, into the element at that position, whatever
 *     it is; an element that is not a document adds nothing. A condition on a path holds when it holds for any
 *     value found there and, for an array that the path named by a field's name, for the array itself or any of its
 *     elements (which are not looked into again); an array named by its position ({@code a.0} of {@code [[5]]}) is
 *     one value;</li>
 * <li>{@code null} (in {@code $eq}, {@code $in}, {@code $gte}, {@code $lte}) also matches a missing field, including
 *     in a document element that lacks it, but not an array without documents ({@code {"a.b":null}} misses
 *     {@code {"a":[1]}} and {@code {"a":[]}}, as MongoDB 7 answers); {@code $ne} and {@code $nin} are the negations
 *     of {@code $eq} and {@code $in}; {@code $exists:false} and {@code $not} hold where the negated condition does
 *     not;</li>
 * <li>comparisons only match values of the compared value's own type bracket ({@link BsonOrder}): numbers of all four
 *     types compare by value with each other, exactly; strings compare by code point (binary, no collation);
 *     documents and arrays compare element by element;</li>
 * <li>a regular expression as a value ({@code {"a":{"$regularExpression":…}}}, in {@code $in} or {@code $regex})
 *     matches strings by pattern; {@code $eq} with one compares it as a value;</li>
 * <li>{@code $size} and {@code $elemMatch} look at arrays themselves, never into their elements; {@code $elemMatch}
 *     with operators tests each element as one value (an element {@code [5]} is not between 4 and 6), with a query
 *     each element that is a document or an array (an array as the document of its positions); {@code $all} is the
 *     {@code $and} of its values' equalities (or {@code $elemMatch}es), and an empty {@code $all} matches nothing;</li>
 * <li>{@code NaN} equals only {@code NaN} and is neither less nor greater than any number.</li>
 * </ul>
 * Regular expressions run on {@link java.util.regex}, which reads the common syntax as PCRE does (classes,
 * quantifiers, anchors, groups and the flags i, m, s, x) but not PCRE's rarer constructs. Values a filter cannot
 * use ({@code $size} that is not a whole non-negative number, an unknown {@code $type}, a pattern that does not
 * compile) are refused when the matcher is made, with the {@link QueryException} MongoDB's refusal would become.
 */
public final class FilterMatcher {
    private static final Map<String, Integer> TYPE_ALIASES = Map.ofEntries(
            Map.entry("double", 1),
            Map.entry("string", 2),
            Map.entry("object", 3),
            Map.entry("array", 4),
            Map.entry("binData", 5),
            Map.entry("undefined", 6),
            Map.entry("objectId", 7),
            Map.entry("bool", 8),
            Map.entry("date", 9),
            Map.entry("null", 10),
            Map.entry("regex", 11),
            Map.entry("dbPointer", 12),
            Map.entry("javascript", 13),
            Map.entry("symbol", 14),
            Map.entry("javascriptWithScope", 15),
            Map.entry("int", 16),
            Map.entry("timestamp", 17),
            Map.entry("long", 18),
            Map.entry("decimal", 19),
            Map.entry("minKey", -1),
            Map.entry("maxKey", 127));
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
        return array.asArray().stream()
                .map(clause -> query(clause.asDocument()))
                .toList();
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
        if (FilterSpec.isOperatorDocument(condition)) {
            return operators(condition.asDocument());
        }
        return equalsOrMatches(condition);
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
                case "$not" ->
                    tests.add((operand.isRegularExpression()
                                    ? anyElement(regex(operand, null))
                                    : operators(operand.asDocument()))
                            .negate());
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
        return anyElement(v -> BsonOrder.bracket(v) == BsonOrder.bracket(operand)
                && ((isNaN(v) || isNaN(operand))
                        ? (isNaN(v) && isNaN(operand) && holds.test(0))
                        : holds.test(BsonCompare.compare(v, operand))));
    }

    private static boolean isNaN(BsonValue value) {
        return (value.isDouble() && Double.isNaN(value.asDouble().getValue()))
                || (value.isDecimal128() && value.asDecimal128().getValue().isNaN());
    }

    private static Predicate<Values> in(List<BsonValue> values) {
        return any(values.stream().map(FilterMatcher::equalsOrMatches).toList());
    }

    private static Predicate<Values> allOf(List<BsonValue> values) {
        if (values.isEmpty()) {
            return v -> false;
        }
        return all(values.stream()
                .map(value -> FilterSpec.isOperatorDocument(value)
                        ? elemMatch(value.asDocument().getDocument("$elemMatch"))
                        : equal(value))
                .toList());
    }

    private static Predicate<Values> size(BsonValue operand) {
        if (!operand.isNumber() && !operand.isDecimal128()) {
            throw refused("$size needs a number, got " + operand.getBsonType());
        }
        double size = operand.isDecimal128()
                ? operand.asDecimal128().doubleValue()
                : operand.asNumber().doubleValue();
        if (size < 0 || size != Math.rint(size) || size > Integer.MAX_VALUE) {
            throw refused("$size needs a whole number of at least 0");
        }
        return values ->
                values.found().stream().anyMatch(v -> v.isArray() && v.asArray().size() == (int) size);
    }

    private static Predicate<Values> elemMatch(BsonDocument match) {
        boolean onValues = !match.isEmpty()
                && match.keySet().stream()
                        .allMatch(key -> key.startsWith("$")
                                && !key.equals("$and")
                                && !key.equals("$or")
                                && !key.equals("$nor"));
        Predicate<BsonValue> element;
        if (onValues) {
            // The element itself is the value: no further look into it, were it an array.
            Predicate<Values> conditions = operators(match);
            element = v -> conditions.test(Values.of(v));
        } else {
            // An element that is an array is queried as MongoDB reads it there: the document of its positions.
            Predicate<BsonDocument> query = query(match);
            element = v -> (v.isDocument() && query.test(v.asDocument()))
                    || (v.isArray() && query.test(positions(v.asArray())));
        }
        return values -> values.found().stream()
                .anyMatch(v -> v.isArray() && v.asArray().stream().anyMatch(element));
    }

    private static BsonDocument positions(BsonArray array) {
        var document = new BsonDocument();
        for (int i = 0; i < array.size(); i++) {
            document.put(Integer.toString(i), array.get(i));
        }
        return document;
    }

    private static Predicate<Values> type(BsonValue operand) {
        List<BsonValue> wanted = operand.isArray() ? operand.asArray().getValues() : List.of(operand);
        var codes = new ArrayList<Integer>();
        for (BsonValue type : wanted) {
            codes.add(typeCode(type));
        }
        // An array looked into matches "array" itself, and any type through its elements.
        return anyElement(v -> codes.stream().anyMatch(code -> hasType(v, code)));
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
            double code = type.isDecimal128()
                    ? type.asDecimal128().doubleValue()
                    : type.asNumber().doubleValue();
            if (code == Math.rint(code) && TYPE_ALIASES.containsValue((int) code)) {
                return (int) code;
            }
            throw refused("$type has an unknown type number "
                    + java.math.BigDecimal.valueOf(code).stripTrailingZeros().toPlainString());
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
        String options = extraOptions != null && extraOptions.isString()
                ? extraOptions.asString().getValue()
                : "";
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
                    && compiled.matcher(
                                    v.isString()
                                            ? v.asString().getValue()
                                            : v.asSymbol().getSymbol())
                            .find();
        } catch (PatternSyntaxException e) {
            throw refused("has a regular expression that does not compile: " + e.getDescription());
        }
    }

    /**
     * A value test on a field: true when it holds for a value found there or, for an array the path named by a
     * field's name, one of its elements.
     */
    private static Predicate<Values> anyElement(Predicate<BsonValue> test) {
        return values -> {
            for (Reached reached : values.reached()) {
                BsonValue value = reached.value();
                if (test.test(value)) {
                    return true;
                }
                if (reached.lookInto() && value.isArray()) {
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
            return !value.asDecimal128().getValue().isNaN()
                    && BsonCompare.decimal(value.asDecimal128().getValue()).signum() != 0;
        }
        return !value.isNull() && value.getBsonType() != BsonType.UNDEFINED;
    }

    private static QueryException refused(String message) {
        return new QueryException("filter", "filter " + message);
    }

    /** A value a path reached; an array is looked into only when the path named it by a field's name. */
    record Reached(BsonValue value, boolean lookInto) {}

    /**
     * The values a dotted path reaches in a record, and whether it missed somewhere (the field absent, a document
     * element of an array it went through lacking it, or a value that is not a document where the path goes on):
     * what a {@code null} condition also matches.
     */
    record Values(List<Reached> reached, boolean missing) {
        /** One value, as {@code $elemMatch} tests an element: an array is not looked into. */
        static Values of(BsonValue value) {
            return new Values(List.of(new Reached(value, false)), false);
        }

        static Values at(BsonDocument record, String[] path) {
            var reached = new ArrayList<Reached>(1);
            boolean missing = fromDocument(record, path, 0, reached);
            return new Values(reached, missing);
        }

        List<BsonValue> found() {
            return reached.stream().map(Reached::value).toList();
        }

        /** Adds what {@code path[part..]} reaches from a document; returns whether it missed. */
        private static boolean fromDocument(BsonDocument document, String[] path, int part, List<Reached> reached) {
            BsonValue value = document.get(path[part]);
            if (value == null) {
                return true;
            }
            if (part == path.length - 1) {
                reached.add(new Reached(value, true));
                return false;
            }
            if (value.isDocument()) {
                return fromDocument(value.asDocument(), path, part + 1, reached);
            }
            if (value.isArray()) {
                return fromArray(value.asArray(), path, part + 1, reached);
            }
            return true;
        }

        /**
         * Adds what {@code path[part..]} reaches through an array: each document element by the rest of the path,
         * and for a numeric part, the element at that position. An element that is neither misses nothing.
         */
        private static boolean fromArray(BsonArray array, String[] path, int part, List<Reached> reached) {
            boolean last = part == path.length - 1;
            boolean missing = false;
            for (int i = 0; i < array.size(); i++) {
                BsonValue element = array.get(i);
                boolean named = path[part].equals(Integer.toString(i));
                if (element.isDocument()) {
                    // A document element reads a numeric part as one of its own fields too.
                    missing |= fromDocument(element.asDocument(), path, part, reached);
                    if (named && last) {
                        reached.add(new Reached(element, false));
                    } else if (named) {
                        missing |= fromDocument(element.asDocument(), path, part + 1, reached);
                    }
                } else if (named && last) {
                    reached.add(new Reached(element, false));
                } else if (named && element.isArray()) {
                    missing |= fromArray(element.asArray(), path, part + 1, reached);
                }
            }
            return missing;
        }
    }
}
