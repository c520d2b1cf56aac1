package org.inventory.core.query;

import java.util.EnumMap;
import java.util.Map;
import org.bson.BsonType;
import org.bson.BsonValue;

/**
 * MongoDB's order of BSON types in a sort: values of different types compare by their type's bracket, values in
 * one bracket by value. Numbers of all four types share a bracket, as do strings and symbols; a missing field
 * sorts as null. Comparison operators ({@code $gt}, {@code $lt}) only ever match values of the compared value's
 * own bracket, which is why a keyset condition needs this table to reach the other brackets.
 */
final class BsonOrder {
    static final int MIN_KEY = 0;
    static final int NULL = 1;
    static final int NUMBER = 2;
    static final int MAX_KEY = 15;
    private static final java.util.Set<BsonType> NOT_IN_RECORDS = java.util.EnumSet.of(
            BsonType.UNDEFINED,
            BsonType.SYMBOL,
            BsonType.DB_POINTER,
            BsonType.JAVASCRIPT,
            BsonType.JAVASCRIPT_WITH_SCOPE);
    private static final Map<BsonType, Integer> BRACKETS = new EnumMap<>(BsonType.class);

    static {
        BRACKETS.put(BsonType.MIN_KEY, MIN_KEY);
        BRACKETS.put(BsonType.UNDEFINED, NULL);
        BRACKETS.put(BsonType.NULL, NULL);
        BRACKETS.put(BsonType.INT32, NUMBER);
        BRACKETS.put(BsonType.INT64, NUMBER);
        BRACKETS.put(BsonType.DOUBLE, NUMBER);
        BRACKETS.put(BsonType.DECIMAL128, NUMBER);
        BRACKETS.put(BsonType.SYMBOL, 3);
        BRACKETS.put(BsonType.STRING, 3);
        BRACKETS.put(BsonType.DOCUMENT, 4);
        BRACKETS.put(BsonType.ARRAY, 5);
        BRACKETS.put(BsonType.BINARY, 6);
        BRACKETS.put(BsonType.OBJECT_ID, 7);
        BRACKETS.put(BsonType.BOOLEAN, 8);
        BRACKETS.put(BsonType.DATE_TIME, 9);
        BRACKETS.put(BsonType.TIMESTAMP, 10);
        BRACKETS.put(BsonType.REGULAR_EXPRESSION, 11);
        BRACKETS.put(BsonType.DB_POINTER, 12);
        BRACKETS.put(BsonType.JAVASCRIPT, 13);
        BRACKETS.put(BsonType.JAVASCRIPT_WITH_SCOPE, 14);
        BRACKETS.put(BsonType.MAX_KEY, MAX_KEY);
    }

    private BsonOrder() {}

    /** The bracket of a value; a missing value is null. */
    static int bracket(BsonValue value) {
        return value == null ? NULL : bracket(value.getBsonType());
    }

    static int bracket(BsonType type) {
        Integer bracket = BRACKETS.get(type);
        if (bracket == null) {
            throw new IllegalArgumentException("no sort order for BSON type " + type);
        }
        return bracket;
    }

    /**
     * The BSON types of the brackets in {@code [from, to]}, as {@code $type} numbers, among the types a record
     * can hold. Records come from JSON, so the deprecated types (undefined, symbol, DBPointer) and JavaScript
     * code never occur; leaving them out keeps the condition to the types every MongoDB-compatible store knows
     * (the embedded one refuses a {@code $type} of 14).
     */
    static java.util.List<Integer> typeNumbers(int from, int to) {
        return BRACKETS.entrySet().stream()
                .filter(entry -> !NOT_IN_RECORDS.contains(entry.getKey()))
                .filter(entry -> entry.getValue() >= from && entry.getValue() <= to)
                // The $type number is the BSON type byte, but signed: MinKey (0xFF) is -1.
                .map(entry -> (int) (byte) entry.getKey().getValue())
                .toList();
    }
}
