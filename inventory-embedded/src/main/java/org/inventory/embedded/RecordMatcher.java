package org.inventory.embedded;

import de.bwaldvogel.mongo.backend.BsonType;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.exception.BadValueException;
import de.bwaldvogel.mongo.exception.FailedToParseException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Whether a record matches a query, decided as MongoDB's matcher decides it, in place of mongo-java-server's own
 * matcher, which reads arrays of arrays unlike MongoDB (an equality to {@code [5]} misses {@code [[5]]}, a
 * {@code $in} or {@code $nin} looks into an inner array, {@code $not} applies per element). What it follows:
 * <ul>
 * <li>A path is walked as MongoDB walks it: through embedded documents; through an array, into each element that is
 *     a document (by the rest of the path, a numeric part being a field name there) and, for a numeric part, into the
 *     element at that position, whatever it is. A document lacking the field, or a value that is not a document
 *     where the path goes on, is missing there; an array element that is not a document adds nothing.</li>
 * <li>An array at the end of the path, reached by a field's name, is looked into: a condition holds for the array
 *     itself or for any of its elements (those are not looked into again). An array reached by its position
 *     ({@code a.0} of {@code [[5]]}) is one value; {@code $size} and {@code $elemMatch} never look into the array.</li>
 * <li>{@code null} also matches missing ({@code $eq}, {@code $in}, {@code $gte}, {@code $lte}); comparisons hold
 *     only within a type bracket, numbers exactly across their four types; {@code $ne}, {@code $nin} and
 *     {@code $not} negate the whole condition; {@code $elemMatch} with operators tests each element as one value,
 *     with a query each element that is a document or an array (an array as the document of its positions).</li>
 * </ul>
 * Queries with anything else ({@code $expr}, {@code $where}, {@code $mod}, geo and bit operators, {@code $text},
 * {@code $jsonSchema}) are matched as before, by mongo-java-server's matcher.
 */
final class RecordMatcher {
    private static final Set<String> LOGICAL = Set.of("$and", "$or", "$nor");
    private static final Set<String> OPERATORS = Set.of(
            "$eq",
            "$ne",
            "$gt",
            "$gte",
            "$lt",
            "$lte",
            "$in",
            "$nin",
            "$exists",
            "$type",
            "$not",
            "$regex",
            "$options",
            "$elemMatch",
            "$size",
            "$all");
    /** What a path reaches where the field is absent: MongoDB's EOO. */
    private static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "missing";
        }
    };

    private static final Found NOTHING = new Found(MISSING, false);

    private final DefaultQueryMatcher stock = new DefaultQueryMatcher();

    /** Whether the record matches the query. */
    boolean matches(Document record, Document query) {
        if (!handled(query)) {
            return stock.matches(record, query);
        }
        return query(record, query);
    }

    /** A value a path reached: an array is looked into only when the path named it by a field's name. */
    private record Found(Object value, boolean lookInto) {}

    // ---- Which queries are answered here

    private static boolean handled(Document query) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String name = entry.getKey();
            if (name.equals("$comment")) {
                continue;
            }
            if (LOGICAL.contains(name)) {
                if (!(entry.getValue() instanceof List<?> clauses) || clauses.isEmpty()) {
                    return false;
                }
                for (Object clause : clauses) {
                    if (!(clause instanceof Document document) || !handled(document)) {
                        return false;
                    }
                }
            } else if (name.startsWith("$") || !plainPath(name) || !handledCondition(entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean plainPath(String path) {
        for (String part : path.split("\\.", -1)) {
            if (part.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean handledCondition(Object condition) {
        if (!isOperatorDocument(condition)) {
            return true;
        }
        for (Map.Entry<String, Object> entry : ((Document) condition).entrySet()) {
            String operator = entry.getKey();
            Object operand = entry.getValue();
            if (!OPERATORS.contains(operator)) {
                return false;
            }
            switch (operator) {
                case "$not" -> {
                    if (!(operand instanceof BsonRegularExpression)
                            && !(isOperatorDocument(operand) && handledCondition(operand))) {
                        return false;
                    }
                }
                case "$elemMatch" -> {
                    if (!(operand instanceof Document match)) {
                        return false;
                    }
                    if (onValues(match) ? !handledCondition(match) : !handled(match)) {
                        return false;
                    }
                }
                case "$all" -> {
                    if (!(operand instanceof List<?> values)) {
                        return false;
                    }
                    for (Object value : values) {
                        if (isOperatorDocument(value)
                                && !(((Document) value).keySet().equals(Set.of("$elemMatch"))
                                        && handledCondition(value))) {
                            return false;
                        }
                    }
                }
                case "$in", "$nin" -> {
                    if (!(operand instanceof List<?> values)
                            || values.stream().anyMatch(RecordMatcher::isOperatorDocument)) {
                        return false;
                    }
                }
                default -> {
                    // read when matched
                }
            }
        }
        return true;
    }

    /** MongoDB reads a value as operators when its first name starts with {@code $}. */
    private static boolean isOperatorDocument(Object value) {
        return value instanceof Document document
                && !document.isEmpty()
                && document.keySet().iterator().next().startsWith("$");
    }

    /** {@code $elemMatch} on values ({@code {"$gt":4}}) rather than a query on elements ({@code {"b":1}}, {@code {"$or":…}}). */
    private static boolean onValues(Document match) {
        return isOperatorDocument(match)
                && !LOGICAL.contains(match.keySet().iterator().next());
    }

    // ---- Queries

    private boolean query(Document record, Document query) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String name = entry.getKey();
            Object value = entry.getValue();
            boolean holds = switch (name) {
                case "$comment" -> true;
                case "$and" -> clauses(value).stream().allMatch(clause -> query(record, clause));
                case "$or" -> clauses(value).stream().anyMatch(clause -> query(record, clause));
                case "$nor" -> clauses(value).stream().noneMatch(clause -> query(record, clause));
                default -> condition(found(record, name.split("\\.")), value);
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static List<Document> clauses(Object value) {
        return (List<Document>) value;
    }

    private boolean condition(List<Found> found, Object condition) {
        if (!isOperatorDocument(condition)) {
            return condition instanceof BsonRegularExpression regex
                    ? anyValue(found, v -> regex(regex, v))
                    : anyValue(found, v -> equal(v, condition));
        }
        Document operators = (Document) condition;
        for (Map.Entry<String, Object> entry : operators.entrySet()) {
            if (!operator(found, entry.getKey(), entry.getValue(), operators)) {
                return false;
            }
        }
        return true;
    }

    private boolean operator(List<Found> found, String operator, Object operand, Document operators) {
        return switch (operator) {
            case "$eq" -> anyValue(found, v -> equal(v, operand));
            case "$ne" -> !anyValue(found, v -> equal(v, operand));
            case "$gt", "$gte", "$lt", "$lte" -> anyValue(found, v -> compare(operator, v, operand));
            case "$in" -> anyValue(found, in(operand));
            case "$nin" -> !anyValue(found, in(operand));
            case "$exists" -> found.stream().anyMatch(f -> f.value() != MISSING) == truthy(operand);
            case "$type" -> anyValue(found, type(operand));
            case "$regex" -> anyValue(found, pattern(operand, operators.get("$options")));
            case "$options" -> {
                if (!operators.containsKey("$regex")) {
                    throw new BadValueException("$options needs a $regex");
                }
                yield true;
            }
            case "$not" ->
                !(operand instanceof BsonRegularExpression regex
                        ? anyValue(found, v -> regex(regex, v))
                        : condition(found, operand));
            case "$size" -> {
                int size = size(operand);
                yield found.stream().anyMatch(f -> f.value() instanceof List<?> list && list.size() == size);
            }
            case "$elemMatch" ->
                found.stream().anyMatch(f -> f.value() instanceof List<?> list && elemMatch(list, operand));
            case "$all" -> all(found, operand);
            default -> throw new BadValueException("unknown operator: " + operator);
        };
    }

    /** A value condition on a path: it holds for a value found there or, for an array looked into, an element. */
    private static boolean anyValue(List<Found> found, Predicate<Object> test) {
        for (Found f : found) {
            if (f.lookInto() && f.value() instanceof List<?> list) {
                for (Object element : list) {
                    if (test.test(element)) {
                        return true;
                    }
                }
            }
            if (test.test(f.value())) {
                return true;
            }
        }
        return false;
    }

    private Predicate<Object> in(Object operand) {
        if (!(operand instanceof List<?> values)) {
            throw new BadValueException("$in needs an array");
        }
        return v -> {
            for (Object value : values) {
                if (value instanceof BsonRegularExpression regex ? regex(regex, v) : equal(v, value)) {
                    return true;
                }
            }
            return false;
        };
    }

    private boolean all(List<Found> found, Object operand) {
        if (!(operand instanceof List<?> values)) {
            throw new BadValueException("$all needs an array");
        }
        if (values.isEmpty()) {
            return false;
        }
        for (Object value : values) {
            boolean holds;
            if (isOperatorDocument(value)) {
                Object match = ((Document) value).get("$elemMatch");
                holds = found.stream().anyMatch(f -> f.value() instanceof List<?> list && elemMatch(list, match));
            } else if (value instanceof BsonRegularExpression regex) {
                holds = anyValue(found, v -> regex(regex, v));
            } else {
                holds = anyValue(found, v -> equal(v, value));
            }
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private boolean elemMatch(List<?> array, Object operand) {
        if (!(operand instanceof Document match)) {
            throw new BadValueException("$elemMatch needs an Object");
        }
        if (onValues(match)) {
            // Each element is one value: an element that is an array is not looked into.
            for (Object element : array) {
                if (condition(List.of(new Found(element, false)), match)) {
                    return true;
                }
            }
            return false;
        }
        for (Object element : array) {
            if ((element instanceof Document document && query(document, match))
                    || (element instanceof List<?> inner && query(positions(inner), match))) {
                return true;
            }
        }
        return false;
    }

    /** An array as MongoDB sees it when a query looks into it: the document of its elements named by position. */
    private static Document positions(List<?> array) {
        var document = new Document();
        for (int i = 0; i < array.size(); i++) {
            document.put(Integer.toString(i), array.get(i));
        }
        return document;
    }

    private static int size(Object operand) {
        if (!(operand instanceof Number number)) {
            throw new BadValueException("$size needs a number");
        }
        double size = number.doubleValue();
        if (size != Math.rint(size)) {
            throw new BadValueException("$size must be a whole number");
        }
        if (size < 0) {
            throw new BadValueException("$size may not be negative");
        }
        return size > Integer.MAX_VALUE ? -1 : (int) size;
    }

    private static Predicate<Object> type(Object operand) {
        var types = new ArrayList<Predicate<Object>>();
        Collection<?> wanted = operand instanceof Collection<?> list ? list : List.of(operand);
        if (wanted.isEmpty()) {
            throw new FailedToParseException("$type must match at least one type");
        }
        for (Object type : wanted) {
            if ("number".equals(type)) {
                types.add(v -> v instanceof Number);
            } else if (type instanceof String || type instanceof Number) {
                BsonType bsonType =
                        type instanceof String alias ? BsonType.forString(alias) : BsonType.forNumber((Number) type);
                // The store's type table has no class for null.
                types.add(bsonType == BsonType.NULL ? v -> v == null : bsonType::matches);
            } else {
                throw new BadValueException("type must be represented as a number or a string");
            }
        }
        return v -> v != MISSING && types.stream().anyMatch(type -> type.test(v));
    }

    private static Predicate<Object> pattern(Object operand, Object options) {
        String extra = options instanceof String text ? text : "";
        BsonRegularExpression regex;
        if (operand instanceof BsonRegularExpression given) {
            regex = new BsonRegularExpression(given.getPattern(), given.getOptions() + extra);
        } else if (operand instanceof String pattern) {
            regex = new BsonRegularExpression(pattern, extra);
        } else {
            throw new BadValueException("$regex has to be a string");
        }
        return v -> regex(regex, v);
    }

    /** A pattern matches strings by their text, and a stored regular expression that is the same one. */
    private static boolean regex(BsonRegularExpression regex, Object value) {
        if (value instanceof String text) {
            return regex.matcher(text).find();
        }
        return value instanceof BsonRegularExpression stored
                && stored.getPattern().equals(regex.getPattern())
                && stored.getOptions().equals(regex.getOptions());
    }

    /** MongoDB reads {@code $exists}' operand as a boolean: false, 0 and null are false, anything else true. */
    private static boolean truthy(Object operand) {
        if (operand instanceof Boolean b) {
            return b;
        }
        if (operand instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return operand != null;
    }

    // ---- Values

    private static boolean equal(Object value, Object operand) {
        if (operand == null) {
            return value == null || value == MISSING;
        }
        return bracket(value) == bracket(operand) && compareValues(value, operand) == 0;
    }

    private static boolean compare(String operator, Object value, Object operand) {
        int valueBracket = bracket(value);
        int operandBracket = bracket(operand);
        boolean orEqual = operator.equals("$gte") || operator.equals("$lte");
        boolean less = operator.startsWith("$lt");
        if (valueBracket != operandBracket) {
            if (operand == null) {
                // null and missing are one for the inclusive comparisons, as for equality.
                return orEqual && value == MISSING;
            }
            if (operand instanceof MaxKey) {
                return less;
            }
            if (operand instanceof MinKey) {
                return !less;
            }
            return false;
        }
        if (isNaN(value) || isNaN(operand)) {
            return orEqual && isNaN(value) && isNaN(operand);
        }
        int c = compareValues(value, operand);
        return less ? (orEqual ? c <= 0 : c < 0) : (orEqual ? c >= 0 : c > 0);
    }

    private static boolean isNaN(Object value) {
        return (value instanceof Double d && d.isNaN())
                || (value instanceof Float f && f.isNaN())
                || Decimal128.NaN.equals(value);
    }

    /** MongoDB's canonical type order: values of different brackets never compare equal. */
    private static int bracket(Object value) {
        if (value == MISSING) {
            return 0;
        }
        if (value == null) {
            return 5;
        }
        return switch (value) {
            case MinKey ignored -> -1;
            case Number ignored -> 10;
            case String ignored -> 15;
            case Document ignored -> 20;
            case List<?> ignored -> 25;
            case BinData ignored -> 30;
            case UUID ignored -> 30;
            case LegacyUUID ignored -> 30;
            case ObjectId ignored -> 35;
            case Boolean ignored -> 40;
            case Instant ignored -> 45;
            case BsonTimestamp ignored -> 47;
            case BsonRegularExpression ignored -> 50;
            case BsonJavaScript ignored -> 60;
            case MaxKey ignored -> 127;
            default -> 100;
        };
    }

    /** Two values of one bracket, as MongoDB orders them. */
    private static int compareValues(Object a, Object b) {
        if (a == null || a == MISSING) {
            return 0;
        }
        return switch (a) {
            case Number x -> numbers(x, (Number) b);
            case String x -> codePoints(x, (String) b);
            case Document x -> documents(x, (Document) b);
            case List<?> x -> arrays(x, (List<?>) b);
            case BsonRegularExpression x -> {
                BsonRegularExpression y = (BsonRegularExpression) b;
                int patterns = codePoints(x.getPattern(), y.getPattern());
                yield patterns != 0 ? patterns : codePoints(x.getOptions(), y.getOptions());
            }
            case BsonJavaScript x -> codePoints(x.getCode(), ((BsonJavaScript) b).getCode());
            default ->
                a instanceof MinKey || a instanceof MaxKey
                        ? 0
                        : ValueComparator.ascWithoutListHandling().compare(a, b);
        };
    }

    private static int documents(Document a, Document b) {
        var left = a.entrySet().iterator();
        var right = b.entrySet().iterator();
        while (left.hasNext() && right.hasNext()) {
            var x = left.next();
            var y = right.next();
            int c = Integer.compare(bracket(x.getValue()), bracket(y.getValue()));
            if (c == 0) {
                c = codePoints(x.getKey(), y.getKey());
            }
            if (c == 0) {
                c = compareValues(x.getValue(), y.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(left.hasNext(), right.hasNext());
    }

    private static int arrays(List<?> a, List<?> b) {
        for (int i = 0; i < a.size() && i < b.size(); i++) {
            int c = Integer.compare(bracket(a.get(i)), bracket(b.get(i)));
            if (c == 0) {
                c = compareValues(a.get(i), b.get(i));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int codePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** Numbers of any of the four types, exactly: NaN below every number, the infinities beyond every finite one. */
    private static int numbers(Number a, Number b) {
        if (integral(a) && integral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        int aRank = rank(a);
        int bRank = rank(b);
        if (aRank != 1 || bRank != 1) {
            return Integer.compare(aRank, bRank);
        }
        return exact(a).compareTo(exact(b));
    }

    private static boolean integral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    /** NaN -1, -Infinity 0, finite 1, +Infinity 2. */
    private static int rank(Number n) {
        if (n instanceof Decimal128 d) {
            return d.equals(Decimal128.NaN)
                    ? -1
                    : d.equals(Decimal128.NEGATIVE_INFINITY) ? 0 : d.equals(Decimal128.POSITIVE_INFINITY) ? 2 : 1;
        }
        if (integral(n)) {
            return 1;
        }
        double d = n.doubleValue();
        return Double.isNaN(d) ? -1 : d == Double.NEGATIVE_INFINITY ? 0 : d == Double.POSITIVE_INFINITY ? 2 : 1;
    }

    private static BigDecimal exact(Number n) {
        if (n instanceof Decimal128 d) {
            return d.equals(Decimal128.NEGATIVE_ZERO) ? BigDecimal.ZERO : d.toBigDecimal();
        }
        if (integral(n)) {
            return BigDecimal.valueOf(n.longValue());
        }
        return new BigDecimal(n.doubleValue());
    }

    // ---- Paths

    /** What a dotted path reaches in a record, {@link #MISSING} where it is absent. */
    private static List<Found> found(Document record, String[] path) {
        var found = new ArrayList<Found>(1);
        fromDocument(record, path, 0, found);
        return found;
    }

    private static void fromDocument(Document document, String[] path, int part, List<Found> found) {
        if (!document.containsKey(path[part])) {
            found.add(NOTHING);
            return;
        }
        Object value = document.get(path[part]);
        if (part == path.length - 1) {
            found.add(new Found(value, true));
        } else if (value instanceof Document inner) {
            fromDocument(inner, path, part + 1, found);
        } else if (value instanceof List<?> array) {
            fromArray(array, path, part + 1, found);
        } else {
            found.add(NOTHING);
        }
    }

    /** The rest of a path, from {@code path[part]}, through an array that was reached by the parts before it. */
    private static void fromArray(List<?> array, String[] path, int part, List<Found> found) {
        boolean last = part == path.length - 1;
        for (int i = 0; i < array.size(); i++) {
            Object element = array.get(i);
            boolean named = path[part].equals(Integer.toString(i));
            if (element instanceof Document document) {
                // A document element reads the numeric part as one of its own fields first.
                fromDocument(document, path, part, found);
                if (named) {
                    if (last) {
                        found.add(new Found(element, false));
                    } else {
                        fromDocument(document, path, part + 1, found);
                    }
                }
            } else if (named) {
                if (last) {
                    found.add(new Found(element, false));
                } else if (element instanceof List<?> inner) {
                    fromArray(inner, path, part + 1, found);
                }
            }
        }
    }
}
