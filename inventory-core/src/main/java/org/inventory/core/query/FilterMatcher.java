package org.inventory.core.query;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.bson.BsonArray;
import org.bson.BsonDocument;
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
 *
 * <p>It is built from the nodes {@link FilterParser} read the filter into ({@link FilterNode}), once per filter, and
 * never reads the filter's BSON: the checks and the reading of every operand happened there.
 */
public final class FilterMatcher {
    private final Predicate<BsonDocument> query;

    private FilterMatcher(Predicate<BsonDocument> query) {
        this.query = query;
    }

    /**
     * The matcher of a checked filter: {@link FilterSpec#matcher()}.
     *
     * @throws QueryException naming {@code filter} for a value MongoDB would refuse to run
     */
    public static FilterMatcher of(FilterSpec filter) {
        return filter.matcher();
    }

    /** The matcher of a query the parser read; throws the problem of the first node that has one. */
    static FilterMatcher of(FilterNode.Query query) {
        return new FilterMatcher(query(query));
    }

    /** Whether the record matches, as MongoDB's {@code find} with this filter would select it. */
    public boolean matches(BsonDocument record) {
        return query.test(record);
    }

    private static Predicate<BsonDocument> query(FilterNode.Query query) {
        var clauses = new ArrayList<Predicate<BsonDocument>>(query.clauses().size());
        for (FilterNode.Clause clause : query.clauses()) {
            switch (clause) {
                case FilterNode.Logical logical -> {
                    List<Predicate<BsonDocument>> queries =
                            logical.queries().stream().map(FilterMatcher::query).toList();
                    clauses.add(
                            switch (logical.operator()) {
                                case "$and" -> all(queries);
                                case "$or" -> any(queries);
                                default -> any(queries).negate(); // $nor
                            });
                }
                case FilterNode.Field field -> {
                    String[] path = field.path();
                    Predicate<Values> condition = condition(field.condition());
                    clauses.add(record -> condition.test(Values.at(record, path)));
                }
            }
        }
        return all(clauses);
    }

    private static <T> Predicate<T> all(List<Predicate<T>> clauses) {
        if (clauses.size() == 1) {
            return clauses.getFirst();
        }
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
        if (clauses.size() == 1) {
            return clauses.getFirst();
        }
        return value -> {
            for (Predicate<T> clause : clauses) {
                if (clause.test(value)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** A field's condition: operators, or a value to equal (a regular expression matching by pattern). */
    private static Predicate<Values> condition(FilterNode.Condition condition) {
        return switch (condition) {
            case FilterNode.Operators operators -> operators(operators.operators());
            case FilterNode.Equals equals -> equalsOrMatches(equals);
        };
    }

    private static Predicate<Values> operators(List<FilterNode.Operator> operators) {
        var tests = new ArrayList<Predicate<Values>>(operators.size());
        for (FilterNode.Operator operator : operators) {
            tests.add(operator(operator));
        }
        return all(tests);
    }

    private static Predicate<Values> operator(FilterNode.Operator operator) {
        return switch (operator) {
            case FilterNode.Comparison comparison -> {
                BsonValue operand = comparison.operand();
                yield switch (comparison.operator()) {
                    case "$eq" -> equal(operand);
                    case "$ne" -> equal(operand).negate();
                    case "$gt" -> compare(operand, c -> c > 0);
                    case "$gte" -> compare(operand, c -> c >= 0).or(nullMatchesMissing(operand));
                    case "$lt" -> compare(operand, c -> c < 0);
                    case "$lte" -> compare(operand, c -> c <= 0).or(nullMatchesMissing(operand));
                    default -> throw new IllegalArgumentException("no comparison " + comparison.operator());
                };
            }
            case FilterNode.In in -> {
                Predicate<Values> any = any(
                        in.values().stream().map(FilterMatcher::equalsOrMatches).toList());
                yield in.negated() ? any.negate() : any;
            }
            case FilterNode.Exists exists -> {
                boolean wanted = exists.wanted();
                yield values -> !values.found().isEmpty() == wanted;
            }
            case FilterNode.Type type -> type(type);
            case FilterNode.Matches matches -> anyElement(regex(matches.regex()));
            case FilterNode.Not not -> operators(not.operators()).negate();
            case FilterNode.Size size -> size(size);
            case FilterNode.ElemMatch elemMatch -> elemMatch(elemMatch);
            case FilterNode.All all -> {
                if (all.terms().isEmpty()) {
                    yield v -> false;
                }
                yield operators(all.terms());
            }
        };
    }

    /** {@code {"a": v}}: equality, except that a regular expression matches strings by its pattern. */
    private static Predicate<Values> equalsOrMatches(FilterNode.Equals equals) {
        BsonValue value = equals.value();
        if (equals.regex() != null) {
            Predicate<BsonValue> regex = regex(equals.regex());
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

    private static Predicate<Values> size(FilterNode.Size size) {
        refuseFor(size.problem());
        int wanted = size.size();
        return values ->
                values.found().stream().anyMatch(v -> v.isArray() && v.asArray().size() == wanted);
    }

    private static Predicate<Values> elemMatch(FilterNode.ElemMatch match) {
        Predicate<BsonValue> element;
        if (match.onValues() != null) {
            // The element itself is the value: no further look into it, were it an array.
            Predicate<Values> conditions = operators(match.onValues().operators());
            element = v -> conditions.test(Values.of(v));
        } else {
            // An element that is an array is queried as MongoDB reads it there: the document of its positions.
            Predicate<BsonDocument> query = query(match.query());
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

    private static Predicate<Values> type(FilterNode.Type type) {
        refuseFor(type.problem());
        List<Integer> codes = type.codes();
        // An array looked into matches "array" itself, and any type through its elements.
        return anyElement(v -> codes.stream().anyMatch(code -> hasType(v, code)));
    }

    private static boolean hasType(BsonValue value, int code) {
        BsonType type = value.getBsonType();
        if (code == FilterParser.NUMBER) {
            return value.isNumber() || value.isDecimal128();
        }
        // The $type number is the BSON type byte, signed: MinKey (0xFF) is -1.
        return (byte) type.getValue() == (byte) code;
    }

    private static Predicate<BsonValue> regex(FilterNode.Regex regex) {
        refuseFor(regex.problem());
        Pattern compiled = regex.compiled();
        return v -> (v.isString() || v.isSymbol())
                && compiled.matcher(
                                v.isString()
                                        ? v.asString().getValue()
                                        : v.asSymbol().getSymbol())
                        .find();
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

    /** A value the parser left for the store to refuse, which the matcher cannot run: refused when it is made. */
    private static void refuseFor(String problem) {
        if (problem != null) {
            throw new QueryException("filter", "filter " + problem);
        }
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
