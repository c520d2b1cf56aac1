package org.inventory.server.http;

import io.helidon.common.uri.UriEncoding;
import io.helidon.common.uri.UriQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reading a request's query parameters strictly: each error names the parameter and says what is accepted. */
public final class QueryParameters {
    private QueryParameters() {}

    /** The one value of {@code name}, if given; given twice or without a value is an error. */
    public static Optional<String> single(UriQuery query, String name) {
        if (!query.contains(name)) {
            return Optional.empty();
        }
        List<String> values = query.all(name);
        // Helidon lists only the occurrences with '=': "after" next to "after=X" would otherwise go unnoticed.
        if (values.size() != 1 || occurrences(query, name) != 1) {
            throw new InvalidParameterException(name, name + " must be given once, with a value");
        }
        return Optional.of(values.getFirst());
    }

    /**
     * Every value of a list parameter, each possibly comma-separated: {@code fields=a,b} and {@code fields=a&fields=b}
     * (what a form's checkboxes send) alike. Empty when not given.
     */
    public static Optional<String> joined(UriQuery query, String name) {
        if (!query.contains(name)) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>(query.all(name));
        if (values.size() != occurrences(query, name)) {
            throw new InvalidParameterException(name, name + " must have a value");
        }
        return Optional.of(String.join(",", values));
    }

    /** An integer from {@code min} to {@code max}, in plain digits. */
    public static int integer(String name, String text, int min, int max) {
        String accepted = name + " must be an integer from " + min + " to " + max;
        // Digits only: no sign, spaces or exponent, and no more digits than an int can hold.
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidParameterException(name, accepted);
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw new InvalidParameterException(name, accepted);
        }
        return (int) value;
    }

    /** One of {@code choices}, in any casing, returned in lower case. */
    public static Optional<String> choice(UriQuery query, String name, List<String> choices) {
        return single(query, name).map(text -> {
            String lower = text.toLowerCase(Locale.ROOT);
            if (!choices.contains(lower)) {
                throw new InvalidParameterException(
                        name, name + " must be " + String.join(" or ", choices) + ", not '" + text + "'");
            }
            return lower;
        });
    }

    /** How often {@code name} appears in the query, with or without a value; names are decoded as Helidon does. */
    private static long occurrences(UriQuery query, String name) {
        return Arrays.stream(query.rawValue().split("&"))
                .map(part -> UriEncoding.decodeQuery(part.contains("=") ? part.substring(0, part.indexOf('=')) : part))
                .filter(name::equals)
                .count();
    }
}
