package org.inventory.server.browse;

import io.helidon.common.uri.UriQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.inventory.core.query.FilterSpec;
import org.inventory.server.http.FindParameters;
import org.inventory.server.http.InvalidParameterException;
import org.inventory.server.http.QueryParameters;

/**
 * The HTML page's filter form without a script: rows of field, operator and value ({@code where_field},
 * {@code where_op}, {@code where_value}, repeated in order) beside the box for a raw {@code filter}. A request that
 * carries rows is answered with a redirect to the one {@code filter} they make together with the box, so the page's
 * address, its links and its exports all hold the query in the API's own terms.
 * <p>
 * A value is read the way a person types it: a number as a number, {@code true}, {@code false} and {@code null} as
 * themselves, a "quoted" text or anything else as text; for {@code in} and {@code nin} a comma-separated list (or a
 * JSON array).
 */
final class FilterForm {
    static final List<String> OPERATORS = List.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "exists", "regex");
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final JsonWriterSettings RELAXED =
            JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private FilterForm() {}

    /** The address of the page the form asks for, when the request comes from the form's rows. */
    static Optional<String> redirect(UriQuery query) {
        if (!query.contains("where_field")) {
            return Optional.empty();
        }
        List<String> fields = query.all("where_field");
        List<String> operators = query.all("where_op");
        List<String> values = query.all("where_value");
        if (operators.size() != fields.size() || values.size() != fields.size()) {
            throw new InvalidParameterException(
                    "where_field", "each filter row has where_field, where_op and where_value");
        }
        BsonDocument filter = QueryParameters.single(query, "filter")
                .filter(text -> !text.isBlank())
                .map(text -> FilterSpec.parse(text).filter())
                .orElseGet(BsonDocument::new);
        var extra = new ArrayList<BsonDocument>();
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i).strip();
            if (field.isEmpty()) {
                continue;
            }
            BsonValue condition = condition(operators.get(i), values.get(i));
            if (filter.containsKey(field) || filter.containsKey("$and")) {
                extra.add(new BsonDocument(field, condition));
            } else {
                filter.put(field, condition);
            }
        }
        if (!extra.isEmpty()) {
            var all = new BsonArray();
            if (!filter.isEmpty()) {
                all.add(filter);
            }
            all.addAll(extra);
            filter = new BsonDocument("$and", all);
        }
        var parts = new ArrayList<String>();
        if (!filter.isEmpty()) {
            String text = filter.toJson(RELAXED);
            // Checked here, so a row naming an operator that is not allowed is refused on the form's own request.
            FilterSpec.parse(text);
            parts.add("filter=" + FindParameters.encode(text));
        }
        QueryParameters.single(query, "sort")
                .filter(text -> !text.isBlank())
                .ifPresent(text -> parts.add("sort=" + FindParameters.encode(text)));
        QueryParameters.joined(query, "fields")
                .filter(text -> !text.isBlank())
                .ifPresent(text -> parts.add("fields=" + FindParameters.encode(text)));
        QueryParameters.single(query, "per_page")
                .ifPresent(text -> parts.add("per_page=" + FindParameters.encode(text)));
        QueryParameters.single(query, "format").ifPresent(text -> parts.add("format=" + FindParameters.encode(text)));
        return Optional.of("/display" + (parts.isEmpty() ? "" : "?" + String.join("&", parts)));
    }

    private static BsonValue condition(String operator, String text) {
        String op = operator.strip().toLowerCase(Locale.ROOT);
        return switch (op) {
            case "eq" -> value(text);
            case "ne", "gt", "gte", "lt", "lte" -> new BsonDocument("$" + op, value(text));
            case "in", "nin" -> new BsonDocument("$" + op, list(text));
            case "exists" ->
                new BsonDocument("$exists", BsonBoolean.valueOf(!text.strip().equalsIgnoreCase("false")));
            case "regex" -> new BsonDocument("$regex", new BsonString(text));
            default ->
                throw new InvalidParameterException(
                        "where_op",
                        "where_op must be one of " + String.join(", ", OPERATORS) + ", not '" + operator + "'");
        };
    }

    private static BsonArray list(String text) {
        String list = text.strip();
        if (list.startsWith("[")) {
            try {
                return BsonArray.parse(list);
            } catch (RuntimeException e) {
                throw new InvalidParameterException("where_value", "where_value is not a JSON array: " + list);
            }
        }
        var values = new BsonArray();
        for (String item : list.split(",", -1)) {
            if (!item.isBlank()) {
                values.add(value(item));
            }
        }
        return values;
    }

    /** A typed value: numbers, booleans and null as themselves, a "quoted" text or anything else as text. */
    private static BsonValue value(String text) {
        String value = text.strip();
        switch (value) {
            case "true", "false" -> {
                return BsonBoolean.valueOf(value.equals("true"));
            }
            case "null" -> {
                return BsonNull.VALUE;
            }
            default -> {}
        }
        if (INTEGER.matcher(value).matches()) {
            long number = Long.parseLong(value);
            return number == (int) number ? new BsonInt32((int) number) : new BsonInt64(number);
        }
        if (DECIMAL.matcher(value).matches()) {
            double number = Double.parseDouble(value);
            if (Double.isFinite(number)) {
                return new BsonDouble(number);
            }
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            try {
                return BsonDocument.parse("{\"v\":" + value + "}").get("v").asString();
            } catch (RuntimeException e) {
                return new BsonString(value.substring(1, value.length() - 1));
            }
        }
        return new BsonString(value);
    }
}
