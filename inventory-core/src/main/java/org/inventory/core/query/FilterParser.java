package org.inventory.core.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonRegularExpression;
import org.bson.BsonSerializationException;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.DecoderContext;
import org.bson.json.JsonParseException;
import org.bson.json.JsonReader;

/**
 * The one reading of a filter (what is accepted: {@link FilterSpec}): the text read strictly into BSON
 * ({@link #read}), then the query's grammar walked once ({@link #tree}), every check made on the way and each piece
 * turned into its {@link FilterNode}, from which the matcher is built. Every refusal is a {@link QueryException}
 * naming {@code filter}.
 */
final class FilterParser {
    private static final String PARAMETER = "filter";
    private static final Set<String> LOGICAL = Set.of("$and", "$or", "$nor");
    private static final Set<String> FIELD_OPERATORS = Set.of(
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
    static final int NUMBER = Integer.MIN_VALUE;

    private static final BsonValueCodec VALUES = new BsonValueCodec();
    /** Strict by default: no comments, single quotes, unquoted names, trailing commas, NaN or leading zeros. */
    private static final JsonFactory STRICT = new JsonFactory();
    /**
     * Extended JSON wraps a value in at most two objects ({@code {"$date":{"$numberLong":"1"}}}), which count as no
     * level once read: text nested deeper than this is deeper than {@link FilterSpec#MAX_DEPTH} whatever it holds.
     */
    private static final int MAX_TEXT_DEPTH = FilterSpec.MAX_DEPTH + 2;

    private FilterParser() {}

    /**
     * Reads the text of a filter into BSON: one JSON object (RFC 8259) of at most {@link FilterSpec#MAX_BYTES} and
     * {@link FilterSpec#MAX_DEPTH} levels, no name twice in an object, no JavaScript; its query is checked by
     * {@link #tree}.
     *
     * @throws QueryException naming {@code filter} when it is not
     */
    static BsonDocument read(String json) {
        if (json == null || json.isBlank()) {
            throw refused("must be a JSON object, e.g. {\"sku\":\"A-1\"}");
        }
        if (json.length() > FilterSpec.MAX_BYTES
                || json.getBytes(StandardCharsets.UTF_8).length > FilterSpec.MAX_BYTES) {
            throw refused("must be at most " + FilterSpec.MAX_BYTES + " bytes");
        }
        checkStrictJson(json);
        try (var reader = new JsonReader(json)) {
            if (reader.readBsonType() != BsonType.DOCUMENT) {
                throw refused("must be a JSON object, e.g. {\"sku\":\"A-1\"}");
            }
            BsonDocument filter = readDocument(reader, 1);
            if (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                throw refused("must be one JSON object, with nothing after it");
            }
            return filter;
        } catch (JsonParseException
                | BsonInvalidOperationException
                | BsonSerializationException
                | IllegalArgumentException e) {
            throw refused("is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * Checks that the text is one JSON value by RFC 8259 before MongoDB's lenient reader interprets it: the
     * lenient reader would take {@code {'a':1}}, {@code {"a":1,}}, {@code {a:1}}, comments and the shell's
     * {@code ObjectId("…")} or {@code /re/}, which the same client would see refused by ingest.
     */
    private static void checkStrictJson(String json) {
        try (JsonParser parser = STRICT.createParser(json)) {
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructStart()) {
                    depth++;
                    checkDepth(depth - (MAX_TEXT_DEPTH - FilterSpec.MAX_DEPTH));
                } else if (token.isStructEnd()) {
                    depth--;
                }
                if (depth == 0 && parser.nextToken() != null) {
                    throw refused("must be one JSON object, with nothing after it");
                }
            }
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw refused("is not valid JSON (RFC 8259)"
                    + (where == null || where.getCharOffset() < 0 ? "" : " at character " + (where.getCharOffset() + 1))
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    /**
     * Reads a document by hand rather than with {@code BsonDocument.parse}: to count the depth as it goes (so a
     * deep text fails before it costs a deep recursion) and to refuse a repeated name, which MongoDB would
     * otherwise read as the last of them while the client may have meant the first.
     */
    private static BsonDocument readDocument(JsonReader reader, int depth) {
        checkDepth(depth);
        var document = new BsonDocument();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String name = reader.readName();
            if (document.containsKey(name)) {
                throw refused("names '" + name + "' twice in one object");
            }
            document.put(name, readValue(reader, depth));
        }
        reader.readEndDocument();
        return document;
    }

    private static BsonArray readArray(JsonReader reader, int depth) {
        checkDepth(depth);
        var array = new BsonArray();
        reader.readStartArray();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            array.add(readValue(reader, depth));
        }
        reader.readEndArray();
        return array;
    }

    private static BsonValue readValue(JsonReader reader, int depth) {
        return switch (reader.getCurrentBsonType()) {
            case DOCUMENT -> readDocument(reader, depth + 1);
            case ARRAY -> readArray(reader, depth + 1);
            case JAVASCRIPT, JAVASCRIPT_WITH_SCOPE -> throw refused("must not hold JavaScript");
            default -> VALUES.decode(reader, DecoderContext.builder().build());
        };
    }

    private static void checkDepth(int depth) {
        if (depth > FilterSpec.MAX_DEPTH) {
            throw refused("must not nest deeper than " + FilterSpec.MAX_DEPTH + " levels");
        }
    }

    /**
     * Checks a query read by {@link #read} (or built by the service) and turns it into its tree: the operator
     * allow-list wherever an operator stands, the field paths, the operands of each operator, and every regular
     * expression bounded and compiled.
     *
     * @throws QueryException naming {@code filter} when it uses an operator or value that is not allowed
     */
    static FilterNode.Query tree(BsonDocument query) {
        var clauses = new ArrayList<FilterNode.Clause>(query.size());
        for (Map.Entry<String, BsonValue> entry : query.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith("$")) {
                if (!LOGICAL.contains(name)) {
                    throw operatorRefused(
                            name,
                            FIELD_OPERATORS.contains(name)
                                    ? " here: it applies to a field, e.g. {\"qty\":{\"" + name + "\":…}}"
                                    : "");
                }
                clauses.add(logical(name, entry.getValue()));
            } else {
                checkPath(name);
                clauses.add(new FilterNode.Field(name.split("\\."), condition(entry.getValue())));
            }
        }
        return new FilterNode.Query(clauses);
    }

    private static FilterNode.Logical logical(String operator, BsonValue value) {
        if (!value.isArray() || value.asArray().isEmpty()) {
            throw refused(operator + " needs a non-empty array of queries");
        }
        var queries = new ArrayList<FilterNode.Query>(value.asArray().size());
        for (BsonValue clause : value.asArray()) {
            if (!clause.isDocument()) {
                throw refused(operator + " needs a non-empty array of queries");
            }
            queries.add(tree(clause.asDocument()));
        }
        return new FilterNode.Logical(operator, queries);
    }

    /** A field's condition: an operator document ({@code {"$gt":1}}) or a value to equal. */
    private static FilterNode.Condition condition(BsonValue condition) {
        if (isOperatorDocument(condition)) {
            return operators(condition.asDocument());
        }
        return value(condition);
    }

    /**
     * Whether a field's condition is operators ({@code {"$gt":1}}) rather than a value to equal: the one rule for it.
     * A checked filter's operator document holds operators only.
     */
    private static boolean isOperatorDocument(BsonValue value) {
        return value.isDocument() && value.asDocument().keySet().stream().anyMatch(name -> name.startsWith("$"));
    }

    private static FilterNode.Operators operators(BsonDocument operators) {
        var nodes = new ArrayList<FilterNode.Operator>(operators.size());
        for (Map.Entry<String, BsonValue> entry : operators.entrySet()) {
            String name = entry.getKey();
            BsonValue value = entry.getValue();
            if (!name.startsWith("$")) {
                throw refused("mixes operators and field names in one object ('" + name + "')");
            }
            if (!FIELD_OPERATORS.contains(name)) {
                throw operatorRefused(name, LOGICAL.contains(name) ? " inside a field's condition" : "");
            }
            switch (name) {
                case "$regex" -> nodes.add(new FilterNode.Matches(regex(value, operators.get("$options"))));
                case "$options" -> {
                    if (!operators.containsKey("$regex")) {
                        throw refused("$options needs a $regex beside it");
                    }
                    if (!value.isString()) {
                        throw refused("$options must be a string of the flags i, m, s, x");
                    }
                    checkOptions(value.asString().getValue());
                    // Read with $regex.
                }
                case "$in", "$nin" -> {
                    if (!value.isArray()) {
                        throw refused(name + " needs an array");
                    }
                    var values =
                            new ArrayList<FilterNode.Equals>(value.asArray().size());
                    for (BsonValue element : value.asArray()) {
                        values.add(value(element));
                    }
                    nodes.add(new FilterNode.In(values, name.equals("$nin")));
                }
                case "$all" -> {
                    if (!value.isArray()) {
                        throw refused(name + " needs an array");
                    }
                    var terms =
                            new ArrayList<FilterNode.Operator>(value.asArray().size());
                    for (BsonValue element : value.asArray()) {
                        if (isOperatorDocument(element)) {
                            // MongoDB takes only {"$elemMatch":…} among the values of $all ("no $ expressions in
                            // $all").
                            if (!element.asDocument().keySet().equals(Set.of("$elemMatch"))) {
                                throw refused(
                                        "$all takes values and {\"$elemMatch\":…} objects only, not other operators");
                            }
                            terms.add(
                                    operators(element.asDocument()).operators().getFirst());
                        } else {
                            // Compared as a value, as MongoDB's $all does (a regular expression compiled to check it).
                            value(element);
                            terms.add(new FilterNode.Comparison("$eq", element));
                        }
                    }
                    nodes.add(new FilterNode.All(terms));
                }
                case "$not" -> {
                    if (value.isDocument() && isOperatorDocument(value)) {
                        nodes.add(
                                new FilterNode.Not(operators(value.asDocument()).operators()));
                    } else if (value.isRegularExpression()) {
                        nodes.add(new FilterNode.Not(List.of(new FilterNode.Matches(regex(value, null)))));
                    } else {
                        throw refused("$not needs an operator object or a regular expression");
                    }
                }
                case "$elemMatch" -> {
                    if (!value.isDocument()) {
                        throw refused("$elemMatch needs an object");
                    }
                    BsonDocument match = value.asDocument();
                    boolean onValues = !match.isEmpty()
                            && match.keySet().stream().allMatch(key -> key.startsWith("$") && !LOGICAL.contains(key));
                    nodes.add(
                            onValues
                                    ? new FilterNode.ElemMatch(operators(match), null)
                                    : new FilterNode.ElemMatch(null, tree(match)));
                }
                case "$exists" -> {
                    checkLiteral(value);
                    nodes.add(new FilterNode.Exists(truthy(value)));
                }
                case "$type" -> {
                    checkLiteral(value);
                    nodes.add(type(value));
                }
                case "$size" -> {
                    checkLiteral(value);
                    nodes.add(size(value));
                }
                default -> {
                    // $eq, $ne, $gt, $gte, $lt, $lte.
                    checkLiteral(value);
                    nodes.add(new FilterNode.Comparison(name, value));
                }
            }
        }
        return new FilterNode.Operators(nodes);
    }

    /**
     * A value a field is matched with ({@code {"a":v}}, an element of {@code $in}, {@code $nin} or {@code $all}): a
     * regular expression there matches by its pattern, which MongoDB compiles, so it must compile.
     */
    private static FilterNode.Equals value(BsonValue value) {
        if (value.isRegularExpression()) {
            return new FilterNode.Equals(value, regex(value, null));
        }
        checkLiteral(value);
        return new FilterNode.Equals(value, null);
    }

    /** A value to compare with: it may hold no operator at all, and its regular expressions are bounded too. */
    private static void checkLiteral(BsonValue value) {
        if (value.isDocument()) {
            for (Map.Entry<String, BsonValue> entry : value.asDocument().entrySet()) {
                if (entry.getKey().startsWith("$")) {
                    throw operatorRefused(entry.getKey(), " inside a value");
                }
                checkLiteral(entry.getValue());
            }
        } else if (value.isArray()) {
            value.asArray().forEach(FilterParser::checkLiteral);
        } else if (value.isRegularExpression()) {
            checkBoundedRegex(value.asRegularExpression());
        }
    }

    /** A regular expression held as a value: bounded, but compared as a value, so MongoDB never compiles it. */
    private static void checkBoundedRegex(BsonRegularExpression regex) {
        checkOptions(regex.getOptions());
        checkPatternText(regex.getPattern());
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

    /** {@code $type}'s names or numbers as type codes; an unknown one is the node's problem, for the store to refuse. */
    private static FilterNode.Type type(BsonValue operand) {
        List<BsonValue> wanted = operand.isArray() ? operand.asArray().getValues() : List.of(operand);
        var codes = new ArrayList<Integer>(wanted.size());
        for (BsonValue type : wanted) {
            if (type.isString()) {
                String alias = type.asString().getValue();
                Integer code = alias.equals("number") ? Integer.valueOf(NUMBER) : TYPE_ALIASES.get(alias);
                if (code == null) {
                    return new FilterNode.Type(codes, "$type has an unknown type name '" + alias + "'");
                }
                codes.add(code);
            } else if (type.isNumber() || type.isDecimal128()) {
                double code = type.isDecimal128()
                        ? type.asDecimal128().doubleValue()
                        : type.asNumber().doubleValue();
                if (code != Math.rint(code) || !TYPE_ALIASES.containsValue((int) code)) {
                    return new FilterNode.Type(
                            codes,
                            "$type has an unknown type number "
                                    + java.math.BigDecimal.valueOf(code)
                                            .stripTrailingZeros()
                                            .toPlainString());
                }
                codes.add((int) code);
            } else {
                return new FilterNode.Type(codes, "$type needs a type name or number");
            }
        }
        return new FilterNode.Type(codes, null);
    }

    /** {@code $size}'s operand as a count; one that is not a whole number of at least 0 is the node's problem. */
    private static FilterNode.Size size(BsonValue operand) {
        if (!operand.isNumber() && !operand.isDecimal128()) {
            return new FilterNode.Size(-1, "$size needs a number, got " + operand.getBsonType());
        }
        double size = operand.isDecimal128()
                ? operand.asDecimal128().doubleValue()
                : operand.asNumber().doubleValue();
        if (size < 0 || size != Math.rint(size) || size > Integer.MAX_VALUE) {
            return new FilterNode.Size(-1, "$size needs a whole number of at least 0");
        }
        return new FilterNode.Size((int) size, null);
    }

    /**
     * A regular expression that matches by its pattern: {@code $regex} (a string or a BSON regular expression, with
     * the flags of {@code $options} beside it), or a BSON regular expression as a field's value. It must be one
     * MongoDB compiles.
     */
    private static FilterNode.Regex regex(BsonValue value, BsonValue extraOptions) {
        String pattern;
        String options = "";
        if (value.isString()) {
            pattern = value.asString().getValue();
        } else if (value.isRegularExpression()) {
            BsonRegularExpression regex = value.asRegularExpression();
            pattern = regex.getPattern();
            options = regex.getOptions();
            checkOptions(options);
        } else {
            throw refused("$regex must be a string");
        }
        if (extraOptions != null && extraOptions.isString()) {
            options += extraOptions.asString().getValue();
        }
        checkPatternText(pattern);
        return compile(pattern, options);
    }

    private static void checkPatternText(String pattern) {
        if (pattern.length() > FilterSpec.MAX_REGEX) {
            throw refused("a regular expression must be at most " + FilterSpec.MAX_REGEX + " characters");
        }
        if (pattern.indexOf('\0') >= 0) {
            throw refused("a regular expression must not contain NUL");
        }
    }

    /**
     * A pattern compiled once by {@code java.util.regex}, for the matcher; refused when MongoDB's PCRE would refuse
     * it, as far as {@code java.util.regex} can tell. The two
     * dialects differ both ways: PCRE reads things Java refuses ({@code (?P<n>…)}, {@code (?#…)}, {@code (*UTF)},
     * recursion, conditionals, a literal <code>{</code> or <code>{,3}</code>, {@code [[]}, names starting with {@code _},
     * other {@code \p} names and escapes), and Java reads a few PCRE refuses. So the rule is: refuse only when Java
     * refuses the pattern for a reason PCRE surely shares, and pass everything else on (MongoDB's own refusal is
     * answered as a 400 too). The reasons shared: an unclosed or unmatched parenthesis; a counted repetition whose
     * numbers are out of order or too large ({@code a{2,1}}); an unclosed character class holding no other
     * {@code [} (Java reads {@code [} inside a class as a nested class, PCRE as a character); a range whose ends are
     * plain characters in the wrong order ({@code [z-a]}); a quantifier with nothing before it (at the start, after
     * {@code (} unless it opens a PCRE verb {@code (*…)}, or after {@code |}); a trailing backslash; a group name
     * given twice. The flags map as PCRE reads them: {@code i} case-insensitive (Unicode, as MongoDB's PCRE runs in
     * UTF mode), {@code m} multi-line, {@code s} dot-all, {@code x} extended. Java's extended mode also skips white
     * space inside classes, which PCRE's does not; so with {@code x} a pattern is refused only when it is refused
     * with and without Java's extended mode.
     */
    private static FilterNode.Regex compile(String pattern, String options) {
        int flags = 0;
        for (int i = 0; i < options.length(); i++) {
            flags |= switch (options.charAt(i)) {
                case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> Pattern.MULTILINE;
                case 's' -> Pattern.DOTALL;
                case 'x' -> Pattern.COMMENTS;
                default ->
                    throw refused(
                            "regular expression options may only be i, m, s and x, each once; got '" + options + "'");
            };
        }
        PatternSyntaxException refusal;
        try {
            return new FilterNode.Regex(Pattern.compile(pattern, flags), null);
        } catch (PatternSyntaxException e) {
            refusal = e;
        }
        String problem = sharedRefusal(refusal, pattern);
        if (problem != null
                && (flags & Pattern.COMMENTS) != 0
                && sharedRefusal(pattern, flags & ~Pattern.COMMENTS) == null) {
            problem = null;
        }
        if (problem != null) {
            throw refused("has a regular expression that MongoDB cannot compile, /" + pattern + "/" + options + ": "
                    + problem);
        }
        // PCRE may well read it: the store answers for itself, and only the matcher, in Java, has to refuse it.
        return new FilterNode.Regex(
                null, "has a regular expression that does not compile: " + refusal.getDescription());
    }

    /** Why PCRE would refuse the pattern too, as Java describes it; null when Java compiles it or PCRE may not refuse it. */
    private static String sharedRefusal(String pattern, int flags) {
        try {
            Pattern.compile(pattern, flags);
            return null;
        } catch (PatternSyntaxException e) {
            return sharedRefusal(e, pattern);
        }
    }

    /** Why PCRE would refuse the pattern too, from Java's refusal; null when PCRE may not refuse it. */
    private static String sharedRefusal(PatternSyntaxException e, String pattern) {
        String description = e.getDescription();
        int index = e.getIndex();
        char before = index > 0 && index <= pattern.length() ? pattern.charAt(index - 1) : 0;
        char at = index >= 0 && index < pattern.length() ? pattern.charAt(index) : 0;
        boolean shared = switch (description) {
            case "Unclosed group",
                    "Unmatched closing ')'",
                    "Illegal repetition range",
                    "Unescaped trailing backslash" -> true;
            case "Unclosed character class" -> pattern.indexOf('[') == pattern.lastIndexOf('[');
            case "Illegal character range" -> before == '-';
            default ->
                (description.startsWith("Named capturing group <") && description.endsWith("> is already defined"))
                        || (description.startsWith("Dangling meta character ")
                                && (index == 0 || before == '|' || (before == '(' && !(at == '*' || at == '?'))));
        };
        if (!shared) {
            return null;
        }
        return description + (index >= 0 ? " (at character " + (index + 1) + ")" : "");
    }

    private static void checkOptions(String options) {
        for (int i = 0; i < options.length(); i++) {
            char flag = options.charAt(i);
            if ("imsx".indexOf(flag) < 0 || options.indexOf(flag) != i) {
                throw refused("regular expression options may only be i, m, s and x, each once; got '" + options + "'");
            }
        }
    }

    private static void checkPath(String path) {
        FieldPath.Problem problem = FieldPath.problem(path, true);
        if (problem != null) {
            throw refused(
                    switch (problem) {
                        case EMPTY -> "has an empty field name";
                        case NUL -> "has a field name containing NUL";
                        // A '$' is allowed here: a name that starts with one is read as an operator before this.
                        case EMPTY_PART, DOLLAR -> "has a field path with an empty part: '" + path + "'";
                    });
        }
    }

    private static QueryException operatorRefused(String operator, String where) {
        return refused("operator " + operator + " is not allowed" + where);
    }

    private static QueryException refused(String message) {
        return new QueryException(PARAMETER, PARAMETER + " " + message);
    }
}
