package org.inventory.core.query;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

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
 * @param filter the query, as MongoDB reads it; an empty document matches everything
 */
public record FilterSpec(BsonDocument filter) {
    public static final int MAX_BYTES = 8 * 1024;
    public static final int MAX_DEPTH = 16;
    public static final int MAX_REGEX = 256;
    private static final String PARAMETER = "filter";
    private static final FilterSpec ALL = new FilterSpec(new BsonDocument());
    private static final Set<String> LOGICAL = Set.of("$and", "$or", "$nor");
    private static final Set<String> FIELD_OPERATORS = Set.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in",
            "$nin", "$exists", "$type", "$not", "$regex", "$options", "$elemMatch", "$size", "$all");
    private static final BsonValueCodec VALUES = new BsonValueCodec();

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
        BsonDocument filter;
        try (var reader = new JsonReader(json)) {
            if (reader.readBsonType() != BsonType.DOCUMENT) {
                throw refused("must be a JSON object, e.g. {\"sku\":\"A-1\"}");
            }
            filter = readDocument(reader, 1);
            if (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                throw refused("must be one JSON object, with nothing after it");
            }
        } catch (JsonParseException | BsonInvalidOperationException | BsonSerializationException
                 | IllegalArgumentException e) {
            throw refused("is not valid JSON: " + e.getMessage());
        }
        checkQuery(filter);
        return new FilterSpec(filter);
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
                    throw operatorRefused(name, FIELD_OPERATORS.contains(name) ? " here: it applies to a field, e.g. {\"qty\":{\"" + name + "\":…}}" : "");
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
            checkLiteral(condition);
        }
    }

    private static boolean isOperatorDocument(BsonValue value) {
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
                case "$regex" -> checkRegex(value);
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
                            checkOperators(element.asDocument());
                        } else {
                            checkLiteral(element);
                        }
                    }
                }
                case "$not" -> {
                    if (value.isDocument() && isOperatorDocument(value)) {
                        checkOperators(value.asDocument());
                    } else if (value.isRegularExpression()) {
                        checkRegex(value);
                    } else {
                        throw refused("$not needs an operator object or a regular expression");
                    }
                }
                case "$elemMatch" -> {
                    if (!value.isDocument()) {
                        throw refused("$elemMatch needs an object");
                    }
                    BsonDocument match = value.asDocument();
                    boolean onValues = !match.isEmpty() && match.keySet().stream()
                            .allMatch(key -> key.startsWith("$") && !LOGICAL.contains(key));
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
            checkRegex(value);
        }
    }

    private static void checkRegex(BsonValue value) {
        String pattern;
        if (value.isString()) {
            pattern = value.asString().getValue();
        } else if (value.isRegularExpression()) {
            BsonRegularExpression regex = value.asRegularExpression();
            pattern = regex.getPattern();
            checkOptions(regex.getOptions());
        } else {
            throw refused("$regex must be a string");
        }
        if (pattern.length() > MAX_REGEX) {
            throw refused("a regular expression must be at most " + MAX_REGEX + " characters");
        }
        if (pattern.indexOf('\0') >= 0) {
            throw refused("a regular expression must not contain NUL");
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
        if (path.isEmpty()) {
            throw refused("has an empty field name");
        }
        if (path.indexOf('\0') >= 0) {
            throw refused("has a field name containing NUL");
        }
        if (path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            throw refused("has a field path with an empty part: '" + path + "'");
        }
    }

    private static QueryException operatorRefused(String operator, String where) {
        return refused("operator " + operator + " is not allowed" + where);
    }

    private static QueryException refused(String message) {
        return new QueryException(PARAMETER, PARAMETER + " " + message);
    }
}
