package org.inventory.server.browse;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.helidon.common.uri.UriEncoding;
import io.helidon.common.uri.UriQuery;
import org.bson.types.ObjectId;

/**
 * The validated query of one {@code /display} request: a page by number, or a cursor page after an
 * {@code _id}; its size; and whether HTML was asked for by {@code format}.
 *
 * @param page    1-based page number (1 in cursor mode)
 * @param perPage records per page
 * @param after   the cursor: records after this {@code _id}
 * @param format  {@code json} or {@code html} when given as a parameter
 */
record PageQuery(int page, int perPage, Optional<ObjectId> after, Optional<String> format) {

    static PageQuery from(UriQuery query, int defaultPerPage, int maxPerPage) {
        Optional<String> pageText = single(query, "page");
        Optional<String> afterText = single(query, "after");
        if (pageText.isPresent() && afterText.isPresent()) {
            throw new InvalidParameterException("after", "use either page or after, not both");
        }
        int page = pageText.map(text -> integer("page", text, 1, Integer.MAX_VALUE)).orElse(1);
        int perPage = single(query, "per_page").map(text -> integer("per_page", text, 1, maxPerPage)).orElse(defaultPerPage);
        Optional<ObjectId> after = afterText.map(PageQuery::objectId);
        Optional<String> format = single(query, "format").map(text -> {
            String lower = text.toLowerCase(Locale.ROOT);
            if (!lower.equals("json") && !lower.equals("html")) {
                throw new InvalidParameterException("format", "format must be json or html, not '" + text + "'");
            }
            return lower;
        });
        return new PageQuery(page, perPage, after, format);
    }

    private static Optional<String> single(UriQuery query, String name) {
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

    /** How often {@code name} appears in the query, with or without a value; names are decoded as Helidon does. */
    private static long occurrences(UriQuery query, String name) {
        return Arrays.stream(query.rawValue().split("&"))
                .map(part -> UriEncoding.decodeQuery(part.contains("=") ? part.substring(0, part.indexOf('=')) : part))
                .filter(name::equals)
                .count();
    }

    private static int integer(String name, String text, int min, int max) {
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

    private static ObjectId objectId(String text) {
        if (text.length() != 24 || !ObjectId.isValid(text)) {
            throw new InvalidParameterException("after", "after must be a record's _id: 24 hex digits");
        }
        return new ObjectId(text);
    }

    boolean cursor() {
        return after.isPresent();
    }
}
