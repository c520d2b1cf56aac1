package org.inventory.core.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * A filter in MongoDB's query syntax, values in relaxed Extended JSON ({@code {"$oid":…}}, {@code {"$date":…}},
 * {@code {"$numberDecimal":…}}). Only the plain matching operators are accepted: anything that runs code
 * ({@code $where}, {@code $function}, {@code $accumulator}), evaluates expressions ({@code $expr}), or needs a
 * special index or a costly scan ({@code $text}, {@code $near}, {@code $jsonSchema}) is refused by name, wherever
 * it appears, so that a filter cannot do more than select records. Sizes are bounded so that one request cannot
 * make the store work hard: 8 KiB of text, 16 levels, regular expressions of 256 characters.
 *
 * <p>The text must be JSON (RFC 8259), as ingest reads it: single quotes, unquoted names, trailing commas, comments
 * and the shell's forms ({@code ObjectId("…")}, {@code /re/}) are refused, though MongoDB's own reader would take
 * them. Extended JSON is JSON: its {@code {"$oid":…}} objects are read as the values they stand for. A regular
 * expression MongoDB could not compile is refused here, before the store is asked (see {@link #checkPattern}).
 *
 * @param filter the query, as MongoDB reads it; an empty document matches everything
 */
public record FilterSpec(BsonDocument filter) {
    public static final int MAX_BYTES = 8 * 1024;
    public static final int MAX_DEPTH = 16;
    public static final int MAX_REGEX = 256;
    private static final String PARAMETER = "filter";
    private static final FilterSpec ALL = new FilterSpec(new BsonDocument());
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
    private static final BsonValueCodec VALUES = new BsonValueCodec();
    /** Strict by default: no comments, single quotes, unquoted names, trailing commas, NaN or leading zeros. */
    private static final JsonFactory STRICT = new JsonFactory();
    /**
     * Extended JSON wraps a value in at most two objects ({@code {"$date":{"$numberLong":"1"}}}), which count as no
     * level once read: text nested deeper than this is deeper than {@link #MAX_DEPTH} whatever it holds.
     */
    private static final int MAX_TEXT_DEPTH = MAX_DEPTH + 2;

    public FilterSpec {
        filter = filter.clone();
    }

    /** A copy: BSON documents are mutable, and this value must not change once parsed. */
    @Override
    public BsonDocument filter() {
        return filter.clone();
    }

    /**
     * The records both filters select: {@code {"$and":[this, other]}}, or either alone when the other selects
     * everything. Both are checked already, so the combination needs no check.
     */
    public FilterSpec and(FilterSpec other) {
        if (other.filter.isEmpty()) {
            return this;
        }
        if (filter.isEmpty()) {
            return other;
        }
        return new FilterSpec(new BsonDocument("$and", new BsonArray(java.util.List.of(filter, other.filter))));
    }

    /** The filter that matches every record. */
    public static FilterSpec all() {
        return ALL;
    }

    /**
     * Parses and checks a filter.
     *
     * @throws QueryException naming {@code filter} when the text is not one JSON object, too large or too deep,
     *                        or uses an operator or value that is not allowed
     */
    public static FilterSpec parse(String json) {
        if (json == null || json.isBlank()) {
            throw refused("must be a JSON object, e.g. {\"sku\":\"A-1\"}");
        }
        if (json.length() > MAX_BYTES || json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw refused("must be at most " + MAX_BYTES + " bytes");
        }
        checkStrictJson(json);
        BsonDocument filter;
        try (var reader = new JsonReader(json)) {
            if (reader.readBsonType() != BsonType.DOCUMENT) {
                throw refused("must be a JSON object, e.g. {\"sku\":\"A-1\"}");
            }
            filter = readDocument(reader, 1);
            if (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                throw refused("must be one JSON object, with nothing after it");
            }
        } catch (JsonParseException
                | BsonInvalidOperationException
                | BsonSerializationException
                | IllegalArgumentException e) {
            throw refused("is not valid JSON: " + e.getMessage());
        }
        checkQuery(filter);
        return new FilterSpec(filter);
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
                    checkDepth(depth - (MAX_TEXT_DEPTH - MAX_DEPTH));
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
        if (depth > MAX_DEPTH) {
            throw refused("must not nest deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** A query: field conditions and the logical operators that combine queries. */
    private static void checkQuery(BsonDocument query) {
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
                checkLogical(name, entry.getValue());
            } else {
                checkPath(name);
                checkCondition(entry.getValue());
            }
        }
    }

    private static void checkLogical(String operator, BsonValue value) {
        if (!value.isArray() || value.asArray().isEmpty()) {
            throw refused(operator + " needs a non-empty array of queries");
        }
        for (BsonValue clause : value.asArray()) {
            if (!clause.isDocument()) {
                throw refused(operator + " needs a non-empty array of queries");
            }
            checkQuery(clause.asDocument());
        }
    }

    /** A field's condition: an operator document ({@code {"$gt":1}}) or a value to equal. */
    private static void checkCondition(BsonValue condition) {
        if (isOperatorDocument(condition)) {
            checkOperators(condition.asDocument());
        } else {
            checkValue(condition);
        }
    }

    /**
     * Whether a field's condition is operators ({@code {"$gt":1}}) rather than a value to equal: the one rule for it,
     * which {@link FilterMatcher} follows too. A checked filter's operator document holds operators only.
     */
    static boolean isOperatorDocument(BsonValue value) {
        return value.isDocument() && value.asDocument().keySet().stream().anyMatch(name -> name.startsWith("$"));
    }

    private static void checkOperators(BsonDocument operators) {
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
                case "$regex" -> checkRegex(value, operators.get("$options"));
                case "$options" -> {
                    if (!operators.containsKey("$regex")) {
                        throw refused("$options needs a $regex beside it");
                    }
                    if (!value.isString()) {
                        throw refused("$options must be a string of the flags i, m, s, x");
                    }
                    checkOptions(value.asString().getValue());
                }
                case "$in", "$nin", "$all" -> {
                    if (!value.isArray()) {
                        throw refused(name + " needs an array");
                    }
                    for (BsonValue element : value.asArray()) {
                        if (name.equals("$all") && isOperatorDocument(element)) {
                            // MongoDB takes only {"$elemMatch":…} among the values of $all ("no $ expressions in
                            // $all").
                            if (!element.asDocument().keySet().equals(java.util.Set.of("$elemMatch"))) {
                                throw refused(
                                        "$all takes values and {\"$elemMatch\":…} objects only, not other operators");
                            }
                            checkOperators(element.asDocument());
                        } else {
                            checkValue(element);
                        }
                    }
                }
                case "$not" -> {
                    if (value.isDocument() && isOperatorDocument(value)) {
                        checkOperators(value.asDocument());
                    } else if (value.isRegularExpression()) {
                        checkRegex(value, null);
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
                    if (onValues) {
                        checkOperators(match);
                    } else {
                        checkQuery(match);
                    }
                }
                default -> checkLiteral(value);
            }
        }
    }

    /**
     * A value a field is matched with ({@code {"a":v}}, an element of {@code $in}, {@code $nin} or {@code $all}): a
     * regular expression there matches by its pattern, which MongoDB compiles, so it must compile.
     */
    private static void checkValue(BsonValue value) {
        if (value.isRegularExpression()) {
            checkRegex(value, null);
        } else {
            checkLiteral(value);
        }
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
            value.asArray().forEach(FilterSpec::checkLiteral);
        } else if (value.isRegularExpression()) {
            checkBoundedRegex(value.asRegularExpression());
        }
    }

    /** A regular expression held as a value: bounded, but compared as a value, so MongoDB never compiles it. */
    private static void checkBoundedRegex(BsonRegularExpression regex) {
        checkOptions(regex.getOptions());
        checkPatternText(regex.getPattern());
    }

    /**
     * A regular expression that matches by its pattern: {@code $regex} (a string or a BSON regular expression, with
     * the flags of {@code $options} beside it), or a BSON regular expression as a field's value. It must be one
     * MongoDB compiles.
     */
    private static void checkRegex(BsonValue value, BsonValue extraOptions) {
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
        checkPattern(pattern, options);
    }

    private static void checkPatternText(String pattern) {
        if (pattern.length() > MAX_REGEX) {
            throw refused("a regular expression must be at most " + MAX_REGEX + " characters");
        }
        if (pattern.indexOf('\0') >= 0) {
            throw refused("a regular expression must not contain NUL");
        }
    }

    /**
     * Refuses a pattern that MongoDB's PCRE would refuse, as far as {@code java.util.regex} can tell. The two
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
    static void checkPattern(String pattern, String options) {
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
        String problem = sharedRefusal(pattern, flags);
        if (problem != null
                && (flags & Pattern.COMMENTS) != 0
                && sharedRefusal(pattern, flags & ~Pattern.COMMENTS) == null) {
            problem = null;
        }
        if (problem != null) {
            throw refused("has a regular expression that MongoDB cannot compile, /" + pattern + "/" + options + ": "
                    + problem);
        }
    }

    /** Why PCRE would refuse the pattern too, as Java describes it; null when Java compiles it or PCRE may not refuse it. */
    private static String sharedRefusal(String pattern, int flags) {
        try {
            Pattern.compile(pattern, flags);
            return null;
        } catch (PatternSyntaxException e) {
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
