package org.inventory.core.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.bson.BsonDocument;

/**
 * One index the service ensures at start-up ({@code INVENTORY_INDEXES}): a field path, {@code -path} for descending,
 * or keys joined by {@code +} for a compound index, as in {@code category+-quantity}.
 *
 * @param keys the index keys in order
 */
public record IndexSpec(List<SortKey> keys) {

    public IndexSpec {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("an index has at least one key");
        }
    }

    /**
     * Parses a comma-separated list of indexes: {@code sku,category+quantity,-updated_at}. Blank means none.
     *
     * @throws IllegalArgumentException saying what is wrong: an empty key, a {@code $}, an empty path part or a
     *                                  path named twice in one index
     */
    public static List<IndexSpec> parseList(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        var indexes = new ArrayList<IndexSpec>();
        for (String index : text.split(",", -1)) {
            var keys = new ArrayList<SortKey>();
            var seen = new HashSet<String>();
            for (String part : index.strip().split("\\+", -1)) {
                SortKey key = SortKey.parse(part);
                String path = key.path();
                if (FieldPath.problem(path, false) != null) {
                    throw new IllegalArgumentException("'" + index.strip() + "' has an invalid key '" + part + "'");
                }
                if (!seen.add(path)) {
                    throw new IllegalArgumentException("'" + index.strip() + "' names '" + path + "' twice");
                }
                keys.add(key);
            }
            indexes.add(new IndexSpec(keys));
        }
        return List.copyOf(indexes);
    }

    /** The index keys for MongoDB: 1 ascending, -1 descending. */
    public BsonDocument toBson() {
        return SortKey.document(keys);
    }

    /** As configured: {@code category+-quantity}. */
    @Override
    public String toString() {
        return String.join("+", keys.stream().map(SortKey::toString).toList());
    }
}
