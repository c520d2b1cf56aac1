package org.inventory.core.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;

/**
 * The fields to return: up to {@value #MAX_FIELDS} comma-separated paths, {@code _id} always among them, so that
 * every returned record can still be named. Absent, whole records are returned.
 *
 * @param paths the paths, {@code _id} first; empty for whole records
 */
public record FieldsSpec(List<String> paths) {
    public static final int MAX_FIELDS = 50;
    private static final String PARAMETER = "fields";
    private static final FieldsSpec ALL = new FieldsSpec(List.of());

    public FieldsSpec {
        paths = List.copyOf(paths);
    }

    /** Whole records. */
    public static FieldsSpec all() {
        return ALL;
    }

    /**
     * Parses a field list. A path and one inside it ({@code price} and {@code price.amount}) are refused, as
     * MongoDB refuses such a projection, and a repeated path is refused as a likely mistake.
     *
     * @throws QueryException naming {@code fields}
     */
    public static FieldsSpec parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        String[] parts = text.split(",", -1);
        if (parts.length > MAX_FIELDS) {
            throw refused("has at most " + MAX_FIELDS + " paths, got " + parts.length);
        }
        var paths = new LinkedHashSet<String>();
        paths.add("_id");
        for (String path : parts) {
            checkPath(path);
            if (!paths.add(path) && !path.equals("_id")) {
                throw refused("names '" + path + "' twice");
            }
        }
        for (String path : paths) {
            for (String other : paths) {
                if (other.startsWith(path + ".")) {
                    throw refused("names both '" + path + "' and '" + other + "', which is inside it");
                }
            }
        }
        return new FieldsSpec(new ArrayList<>(paths));
    }

    private static void checkPath(String path) {
        FieldPath.Problem problem = FieldPath.problem(path, false);
        if (problem != null) {
            throw refused(
                    switch (problem) {
                        case EMPTY -> "has an empty path";
                        case DOLLAR -> "path '" + path + "' must not contain '$'";
                        case NUL -> "path must not contain NUL";
                        case EMPTY_PART -> "path '" + path + "' has an empty part";
                    });
        }
    }

    public boolean whole() {
        return paths.isEmpty();
    }

    /** The projection for MongoDB; absent for whole records. */
    public Optional<BsonDocument> projection() {
        if (whole()) {
            return Optional.empty();
        }
        var projection = new BsonDocument();
        paths.forEach(path -> projection.put(path, new BsonInt32(1)));
        return Optional.of(projection);
    }

    /**
     * The fields to read for a page in {@code sort}'s order: these and the sort keys, as the next cursor is
     * made of the last record's sort-key values. A sort key inside a field is already there; a field inside a
     * sort key gives way to it, as MongoDB refuses a projection naming both.
     */
    public FieldsSpec withSortKeys(SortSpec sort) {
        if (whole()) {
            return this;
        }
        var read = new ArrayList<>(paths);
        for (SortKey key : sort.keys()) {
            String path = key.path();
            if (read.stream().noneMatch(field -> field.equals(path) || path.startsWith(field + "."))) {
                read.removeIf(field -> field.startsWith(path + "."));
                read.add(path);
            }
        }
        return new FieldsSpec(read);
    }

    /**
     * A record cut down to these fields, as MongoDB's projection does (into embedded documents and arrays of
     * them): for the records read with {@link #withSortKeys} that must not show the extra keys.
     */
    public BsonDocument trim(BsonDocument record) {
        return whole() ? record : keep(record, paths);
    }

    private static BsonDocument keep(BsonDocument document, List<String> paths) {
        var kept = new BsonDocument();
        for (var entry : document.entrySet()) {
            String name = entry.getKey();
            if (paths.contains(name)) {
                kept.put(name, entry.getValue());
                continue;
            }
            List<String> inner = paths.stream()
                    .filter(path -> path.startsWith(name + "."))
                    .map(path -> path.substring(name.length() + 1))
                    .toList();
            if (!inner.isEmpty()) {
                BsonValue value = entry.getValue();
                if (value.isDocument()) {
                    kept.put(name, keep(value.asDocument(), inner));
                } else if (value.isArray()) {
                    kept.put(name, keep(value.asArray(), inner));
                }
            }
        }
        return kept;
    }

    private static BsonArray keep(BsonArray array, List<String> paths) {
        var kept = new BsonArray();
        for (BsonValue element : array) {
            if (element.isDocument()) {
                kept.add(keep(element.asDocument(), paths));
            } else if (element.isArray()) {
                kept.add(keep(element.asArray(), paths));
            }
        }
        return kept;
    }

    private static QueryException refused(String message) {
        return new QueryException(PARAMETER, PARAMETER + " " + message);
    }
}
