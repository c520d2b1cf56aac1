package org.inventory.core.query;

import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;

/**
 * A checked filter in MongoDB's query syntax, values in relaxed Extended JSON ({@code {"$oid":…}}, {@code {"$date":…}},
 * {@code {"$numberDecimal":…}}), read once by {@link FilterParser}: both the query the store runs ({@link #filter})
 * and the matcher that evaluates it in Java ({@link #matcher}) come from this one value, so they cannot read a
 * filter differently. Immutable.
 *
 * <p>Only the plain matching operators are accepted: anything that runs code ({@code $where}, {@code $function},
 * {@code $accumulator}), evaluates expressions ({@code $expr}), or needs a special index or a costly scan
 * ({@code $text}, {@code $near}, {@code $jsonSchema}) is refused by name, wherever it appears, so that a filter cannot
 * do more than select records. Sizes are bounded so that one request cannot make the store work hard: 8 KiB of text,
 * 16 levels, regular expressions of 256 characters.
 *
 * <p>The text must be JSON (RFC 8259), as ingest reads it: single quotes, unquoted names, trailing commas, comments
 * and the shell's forms ({@code ObjectId("…")}, {@code /re/}) are refused, though MongoDB's own reader would take
 * them. Extended JSON is JSON: its {@code {"$oid":…}} objects are read as the values they stand for. A regular
 * expression MongoDB could not compile is refused here, before the store is asked.
 */
public final class FilterSpec {
    public static final int MAX_BYTES = 8 * 1024;
    public static final int MAX_DEPTH = 16;
    public static final int MAX_REGEX = 256;
    private static final FilterSpec ALL = new FilterSpec(new BsonDocument(), new FilterNode.Query(List.of()));

    /** The query as MongoDB reads it; never handed out, only copies. */
    private final BsonDocument filter;
    /** The same query as the parser read it, for the matcher. */
    private final FilterNode.Query tree;

    private FilterSpec(BsonDocument filter, FilterNode.Query tree) {
        this.filter = filter;
        this.tree = tree;
    }

    /**
     * Parses and checks a filter.
     *
     * @throws QueryException naming {@code filter} when the text is not one JSON object, too large or too deep,
     *                        or uses an operator or value that is not allowed
     */
    public static FilterSpec parse(String json) {
        BsonDocument filter = FilterParser.read(json);
        return new FilterSpec(filter, FilterParser.tree(filter));
    }

    /**
     * A filter the service built itself (a range of {@code _id}s, say), checked as a client's would be.
     *
     * @throws QueryException naming {@code filter} when it uses an operator or value that is not allowed
     */
    public static FilterSpec of(BsonDocument filter) {
        BsonDocument copy = filter.clone();
        return new FilterSpec(copy, FilterParser.tree(copy));
    }

    /** The filter that matches every record. */
    public static FilterSpec all() {
        return ALL;
    }

    /** The query for the store: a copy, since BSON documents are mutable and this value must not change. */
    public BsonDocument filter() {
        return filter.clone();
    }

    /** Whether it selects every record (the empty query). */
    public boolean selectsAll() {
        return filter.isEmpty();
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
        return new FilterSpec(
                new BsonDocument("$and", new BsonArray(List.of(filter, other.filter))),
                new FilterNode.Query(List.of(new FilterNode.Logical("$and", List.of(tree, other.tree)))));
    }

    /**
     * The filter evaluated in Java, as {@code find} would select records with it (see {@link FilterMatcher}).
     *
     * @throws QueryException naming {@code filter} for a value the store would refuse to run, which the checks leave
     *                        to the store ({@code $size} that is not a whole non-negative number, an unknown
     *                        {@code $type}, a pattern {@code java.util.regex} cannot compile)
     */
    public FilterMatcher matcher() {
        return FilterMatcher.of(tree);
    }

    /** Equal when the queries are: the tree is read from the query. */
    @Override
    public boolean equals(Object other) {
        return other instanceof FilterSpec that && filter.equals(that.filter);
    }

    @Override
    public int hashCode() {
        return filter.hashCode();
    }

    @Override
    public String toString() {
        return "FilterSpec[filter=" + filter.toJson() + "]";
    }
}
