package org.inventory.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The type brackets of the store's sort order (MongoDB's BSON comparison order, as mongo-java-server's
 * {@code ValueComparator} ranks them): every value of one bracket sorts before every value of the next. A query's
 * {@code $type} names brackets, and a value its own, which is what lets a range of the {@code _id} index stand for
 * a condition.
 */
enum SortBracket {
    MIN_KEY(null),
    NULL(null),
    NUMBER(Double.NEGATIVE_INFINITY),
    STRING(""),
    OBJECT(new Document()),
    ARRAY(null),
    BINARY(null),
    OBJECT_ID(new ObjectId(new byte[12])),
    BOOLEAN(false),
    DATE(Instant.MIN),
    TIMESTAMP(null),
    REGEX(null),
    MAX_KEY(MaxKey.getInstance());

    /** {@code $type} codes and aliases, as the store's matcher reads them. */
    private static final Map<Object, SortBracket> TYPES = Map.ofEntries(
            Map.entry(-1, MIN_KEY),
            Map.entry("minKey", MIN_KEY),
            Map.entry(10, NULL),
            Map.entry("null", NULL),
            Map.entry(1, NUMBER),
            Map.entry("double", NUMBER),
            Map.entry(16, NUMBER),
            Map.entry("int", NUMBER),
            Map.entry(18, NUMBER),
            Map.entry("long", NUMBER),
            Map.entry(19, NUMBER),
            Map.entry("decimal", NUMBER),
            Map.entry("number", NUMBER),
            Map.entry(2, STRING),
            Map.entry("string", STRING),
            Map.entry(3, OBJECT),
            Map.entry("object", OBJECT),
            Map.entry(4, ARRAY),
            Map.entry("array", ARRAY),
            Map.entry(5, BINARY),
            Map.entry("binData", BINARY),
            Map.entry(7, OBJECT_ID),
            Map.entry("objectId", OBJECT_ID),
            Map.entry(8, BOOLEAN),
            Map.entry("bool", BOOLEAN),
            Map.entry(9, DATE),
            Map.entry("date", DATE),
            Map.entry(17, TIMESTAMP),
            Map.entry("timestamp", TIMESTAMP),
            Map.entry(11, REGEX),
            Map.entry("regex", REGEX),
            Map.entry(127, MAX_KEY),
            Map.entry("maxKey", MAX_KEY));

    /** The least value of the bracket, where one is known: a place to start a walk of the index from. */
    @SuppressWarnings("ImmutableEnumChecker") // never changed once made (the empty Document included)
    private final Object least;

    SortBracket(Object least) {
        this.least = least;
    }

    /** The bracket a {@code $type} operand names; empty for one this does not know. */
    static Optional<SortBracket> ofType(Object type) {
        if (type instanceof Number number && number.doubleValue() == number.intValue()) {
            return Optional.ofNullable(TYPES.get(number.intValue()));
        }
        return type instanceof String alias ? Optional.ofNullable(TYPES.get(alias)) : Optional.empty();
    }

    /**
     * The bracket of a value that can bound a range (numbers but NaN and decimals, strings, object ids, booleans,
     * dates); empty for any other, which then bounds nothing.
     */
    static Optional<SortBracket> ofBoundValue(Object value) {
        return switch (value) {
            case Integer i -> Optional.of(NUMBER);
            case Long l -> Optional.of(NUMBER);
            case Double d when !d.isNaN() -> Optional.of(NUMBER);
            case String s -> Optional.of(STRING);
            case ObjectId id -> Optional.of(OBJECT_ID);
            case Boolean b -> Optional.of(BOOLEAN);
            case Instant t -> Optional.of(DATE);
            case null, default -> Optional.empty();
        };
    }

    /** A value no greater than any of this bracket's (and greater than any of earlier brackets, where known). */
    @SuppressWarnings("EnumOrdinal") // the brackets are declared in the sort order
    Optional<Object> floor() {
        for (int i = ordinal(); i >= 0; i--) {
            Object value = values()[i].least;
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** A value greater than any of this bracket's: the least value of a later bracket. */
    @SuppressWarnings("EnumOrdinal") // the brackets are declared in the sort order
    Optional<Object> ceiling() {
        for (int i = ordinal() + 1; i < values().length; i++) {
            Object value = values()[i].least;
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
