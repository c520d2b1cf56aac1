package org.inventory.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Records holding every value type a record may store, at random, with the edges of each type drawn often:
 * int64s that fit an int32, integral doubles, NaN and the infinities, negative zero, decimals with trailing zeros
 * and integers beyond int64, dates before 1970 and after 9999, binaries of every common subtype (the old binary
 * and UUIDs included), ObjectIds, text beyond ASCII, nested documents and arrays. Each record has an ObjectId
 * {@code _id} first, and names a record may use. For round trips: write it, read it back, compare.
 */
public final class TypedRecords {
    private static final String[] NAMES = {"sku", "qty", "price", "at", "ref", "note", "x", "ü", "tags", "blob", "a.b"};
    private static final String[] TEXTS = {
        "", "bolt", "ünïcødé ✓", "tab\tquote\"back\\slash", "emoji 😀", "<b>&</b>", "$not a name"
    };
    private static final byte[] SUBTYPES = {0, 1, 2, 3, 4, 5, 6, (byte) 0x80, (byte) 0xFF};
    private static final long YEAR_10000 = 253402300800000L;

    private TypedRecords() {}

    /** A record drawn with {@code random}: an {@code _id}, then up to 12 fields nested at most 3 deep. */
    public static BsonDocument record(Random random) {
        return record(random, true);
    }

    /**
     * A record for the store the tests use: the embedded store (mongo-java-server) holds binaries of subtype 0,
     * and of 3 and 4 (UUIDs) only with 16 bytes; any other binary breaks its connection. MongoDB holds them all.
     */
    public static BsonDocument storable(Random random) {
        return record(random, TestStore.external());
    }

    private static BsonDocument record(Random random, boolean anyBinary) {
        var record = new BsonDocument("_id", new BsonObjectId(new ObjectId()));
        fill(record, random, 0, anyBinary);
        return record;
    }

    private static void fill(BsonDocument document, Random random, int depth, boolean anyBinary) {
        int fields = random.nextInt(depth == 0 ? 13 : 5);
        for (int i = 0; i < fields; i++) {
            String name = NAMES[random.nextInt(NAMES.length)] + (random.nextBoolean() ? "" : Integer.toString(i));
            document.put(name, value(random, depth, anyBinary));
        }
    }

    /** A value of any type; documents and arrays only above {@code depth} 3. */
    private static BsonValue value(Random random, int depth, boolean anyBinary) {
        int kinds = depth < 3 ? 14 : 12;
        return switch (random.nextInt(kinds)) {
            case 0 ->
                new BsonString(TEXTS[random.nextInt(TEXTS.length)] + (random.nextBoolean() ? "" : random.nextInt()));
            case 1 -> new BsonInt32(pick(random, random.nextInt(), 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case 2 ->
                new BsonInt64(pickLong(
                        random, random.nextLong(), 0, 7, -1, Integer.MAX_VALUE + 1L, Long.MIN_VALUE, Long.MAX_VALUE));
            case 3 -> new BsonDouble(pickDouble(random));
            case 4 -> new BsonDecimal128(decimal(random));
            case 5 -> BsonBoolean.valueOf(random.nextBoolean());
            case 6 -> BsonNull.VALUE;
            case 7 -> new BsonObjectId(new ObjectId());
            case 8, 9 ->
                new BsonDateTime(pickLong(
                        random,
                        random.nextLong(YEAR_10000),
                        0,
                        -1,
                        1,
                        YEAR_10000 - 1,
                        YEAR_10000,
                        -62135596800000L,
                        1714564800123L,
                        random.nextLong()));
            case 10 -> anyBinary ? binary(random) : new BsonBinary(new byte[random.nextInt(20)]);
            case 11 -> new BsonBinary(UUID.randomUUID());
            case 12 -> {
                var nested = new BsonDocument();
                fill(nested, random, depth + 1, anyBinary);
                yield nested;
            }
            default -> {
                var array = new BsonArray();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(value(random, depth + 1, anyBinary));
                }
                yield array;
            }
        };
    }

    private static BsonBinary binary(Random random) {
        byte[] data = new byte[random.nextInt(20)];
        random.nextBytes(data);
        return new BsonBinary(SUBTYPES[random.nextInt(SUBTYPES.length)], data);
    }

    private static Decimal128 decimal(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> Decimal128.NaN;
            case 1 -> Decimal128.POSITIVE_INFINITY;
            case 2 -> Decimal128.NEGATIVE_ZERO;
            case 3 ->
                new Decimal128(
                        new BigDecimal(BigInteger.valueOf(random.nextLong()).multiply(BigInteger.TEN.pow(5))));
            case 4 -> Decimal128.parse("12.50");
            case 5 -> Decimal128.parse("1E+40");
            case 6 -> new Decimal128(random.nextLong());
            default -> new Decimal128(BigDecimal.valueOf(random.nextLong(), random.nextInt(10)));
        };
    }

    private static double pickDouble(Random random) {
        return switch (random.nextInt(6)) {
            case 0 ->
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0}
                        [random.nextInt(5)];
            case 1 -> random.nextInt(1000); // integral
            case 2 ->
                new double[] {Double.MAX_VALUE, Double.MIN_VALUE, 1e20, 1e-7, 9007199254740992.0}[random.nextInt(5)];
            case 3 -> Double.longBitsToDouble(random.nextLong()); // NaN payloads included
            default -> random.nextDouble() * 1000;
        };
    }

    private static int pick(Random random, int any, int... edges) {
        return random.nextBoolean() ? any : edges[random.nextInt(edges.length)];
    }

    private static long pickLong(Random random, long any, long... edges) {
        return random.nextBoolean() ? any : edges[random.nextInt(edges.length)];
    }
}
