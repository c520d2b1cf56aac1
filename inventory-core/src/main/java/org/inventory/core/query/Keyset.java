package org.inventory.core.query;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonType;
import org.bson.BsonValue;

/**
 * The condition that selects the records strictly after a given one in a sort's order: the {@code $or} of the key
 * prefixes, {@code {k1 > v1}}, {@code {k1 = v1, k2 > v2}}, …, down to {@code _id}, with "before" in place of
 * "after" for descending keys.
 *
 * <p>"After" must follow MongoDB's sort across BSON types, and a plain {@code {k: {$gt: v}}} does not: comparison
 * operators only match values of {@code v}'s own type bracket (numbers with numbers, strings with strings), so
 * {@code {k: {$gt: null}}} matches no number at all. Each "after v" is therefore the union of
 * {@code {k: {$gt: v}}} within v's bracket and {@code {k: {$type: [...]}}} for every later bracket (earlier ones
 * for descending keys). {@code $type} cannot match a missing field, so the null bracket (null and missing, which
 * sort together) is reached with {@code {k: {$eq: null}}} instead. NaN, which sorts below every other number but
 * compares with none, is followed by {@code {k: {$gte: -Infinity}}}.
 *
 * <p>Equality on a prefix key uses {@code $eq}, which matches numerically equal numbers of any type and matches a
 * missing field for null, as the sort treats them. Array-valued keys (sorted by their least or greatest element)
 * are out of reach of such a condition; {@link Cursor} refuses them.
 */
final class Keyset {
    private Keyset() {}

    static BsonDocument after(List<SortKey> keys, List<BsonValue> values) {
        var branches = new BsonArray();
        var equalPrefix = new ArrayList<BsonDocument>();
        for (int i = 0; i < keys.size(); i++) {
            SortKey key = keys.get(i);
            BsonValue value = values.get(i);
            BsonDocument beyond = beyond(key.path(), value, key.descending());
            if (beyond != null) {
                var conditions = new ArrayList<>(equalPrefix);
                conditions.add(beyond);
                branches.add(
                        conditions.size() == 1
                                ? conditions.getFirst()
                                : new BsonDocument("$and", new BsonArray(conditions)));
            }
            equalPrefix.add(condition(key.path(), "$eq", value));
        }
        if (branches.isEmpty()) {
            // Nothing can follow (every key at the end of the order): a condition that matches no record.
            return condition("_id", "$in", new BsonArray());
        }
        return branches.size() == 1 ? branches.getFirst().asDocument() : new BsonDocument("$or", branches);
    }

    /** The values of {@code path} strictly after {@code value} in the key's direction; null when there are none. */
    private static BsonDocument beyond(String path, BsonValue value, boolean descending) {
        int bracket = BsonOrder.bracket(value);
        var alternatives = new BsonArray();
        if (isNaN(value)) {
            if (!descending) {
                alternatives.add(condition(path, "$gte", new BsonDouble(Double.NEGATIVE_INFINITY)));
            }
        } else if (bracket != BsonOrder.NULL && bracket != BsonOrder.MIN_KEY && bracket != BsonOrder.MAX_KEY) {
            alternatives.add(condition(path, descending ? "$lt" : "$gt", value));
        }
        int from = descending ? BsonOrder.MIN_KEY : bracket + 1;
        int to = descending ? bracket - 1 : BsonOrder.MAX_KEY;
        if (from <= BsonOrder.NULL && BsonOrder.NULL <= to) {
            alternatives.add(condition(path, "$eq", BsonNull.VALUE));
        }
        var types = new BsonArray();
        for (int type : BsonOrder.typeNumbers(from, to)) {
            if (type != BsonType.NULL.getValue()) { // reached by the $eq null above, along with missing fields
                types.add(new BsonInt32(type));
            }
        }
        if (!types.isEmpty()) {
            alternatives.add(condition(path, "$type", types));
        }
        if (alternatives.isEmpty()) {
            return null;
        }
        return alternatives.size() == 1 ? alternatives.getFirst().asDocument() : new BsonDocument("$or", alternatives);
    }

    private static boolean isNaN(BsonValue value) {
        return (value instanceof BsonDouble d && Double.isNaN(d.getValue()))
                || (value instanceof BsonDecimal128 decimal
                        && decimal.getValue().isNaN());
    }

    private static BsonDocument condition(String path, String operator, BsonValue value) {
        return new BsonDocument(path, new BsonDocument(operator, value));
    }
}
