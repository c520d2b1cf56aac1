package org.inventory.core.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.bson.BsonDocument;

/**
 * The order of the records: up to {@value #MAX_KEYS} field paths, {@code -} for descending
 * ({@code sort=-price.amount,sku}), always ending with {@code _id}. The {@code _id} makes the order total, so
 * that a page boundary between equal records is well defined and a cursor can continue exactly after one.
 *
 * @param keys the keys in order, {@code _id} last
 */
public record SortSpec(List<SortKey> keys) {
    public static final int MAX_KEYS = 4;
    private static final String PARAMETER = "sort";
    private static final SortKey ID = new SortKey("_id", false);
    private static final SortSpec BY_ID = new SortSpec(List.of(ID));

    public SortSpec {
        keys = List.copyOf(keys);
        if (keys.isEmpty() || !keys.getLast().path().equals("_id")) {
            throw new IllegalArgumentException("a sort ends with _id");
        }
    }

    /** The default order: by {@code _id}, ascending. */
    public static SortSpec byId() {
        return BY_ID;
    }

    /**
     * Parses a sort. {@code _id} may be given (in either direction) and then must be the last key; otherwise it
     * is added ascending.
     *
     * @throws QueryException naming {@code sort} for an empty key, a {@code $}, a repeated path, {@code _id} before
     *                        the last key, or more than {@value #MAX_KEYS} keys
     */
    public static SortSpec parse(String text) {
        if (text == null || text.isBlank()) {
            return BY_ID;
        }
        String[] parts = text.split(",", -1);
        if (parts.length > MAX_KEYS) {
            throw refused("has at most " + MAX_KEYS + " keys, got " + parts.length);
        }
        var keys = new ArrayList<SortKey>(parts.length + 1);
        var seen = new HashSet<String>();
        for (String part : parts) {
            SortKey key = SortKey.parse(part);
            String path = key.path();
            checkPath(path);
            if (!seen.add(path)) {
                throw refused("names '" + path + "' twice");
            }
            if (!keys.isEmpty() && keys.getLast().path().equals("_id")) {
                throw refused("must end with _id when it names it, as _id is unique");
            }
            keys.add(key);
        }
        if (!seen.contains("_id")) {
            keys.add(ID);
        }
        return new SortSpec(keys);
    }

    private static void checkPath(String path) {
        FieldPath.Problem problem = FieldPath.problem(path, false);
        if (problem != null) {
            throw refused(
                    switch (problem) {
                        case EMPTY -> "has an empty key";
                        case DOLLAR -> "key '" + path + "' must not contain '$'";
                        case NUL -> "key must not contain NUL";
                        case EMPTY_PART -> "key '" + path + "' has an empty part";
                    });
        }
    }

    /** The sort document for MongoDB: 1 ascending, -1 descending, in key order. */
    public BsonDocument toBson() {
        return SortKey.document(keys);
    }

    /** As the client writes it, with {@code _id} always present: {@code -price.amount,sku,_id}. */
    @Override
    public String toString() {
        return keys.stream().map(SortKey::toString).collect(Collectors.joining(","));
    }

    private static QueryException refused(String message) {
        return new QueryException(PARAMETER, PARAMETER + " " + message);
    }
}
