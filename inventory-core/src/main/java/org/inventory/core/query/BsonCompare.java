package org.inventory.core.query;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

/**
 * MongoDB's comparison of two BSON values: first by type bracket ({@link BsonOrder}), then by value within it.
 * Numbers compare exactly across int32, int64, double and decimal ({@code NaN} below every other number and equal
 * to itself, {@code -0} equal to {@code 0}); strings by code point, which is UTF-8 byte order; documents field by
 * field (type bracket, name, value); arrays element by element; binaries by length, subtype, then bytes.
 */
final class BsonCompare {
    private BsonCompare() {}

    static boolean equal(BsonValue a, BsonValue b) {
        return compare(a, b) == 0;
    }

    static int compare(BsonValue a, BsonValue b) {
        int brackets = Integer.compare(BsonOrder.bracket(a), BsonOrder.bracket(b));
        if (brackets != 0) {
            return brackets;
        }
        return switch (BsonOrder.bracket(a)) {
            case BsonOrder.NUMBER -> numbers(a, b);
            case 3 -> codePoints(text(a), text(b));
            case 4 -> documents(a.asDocument(), b.asDocument());
            case 5 -> arrays(a.asArray(), b.asArray());
            case 6 -> binaries(a.asBinary(), b.asBinary());
            case 7 -> a.asObjectId().getValue().compareTo(b.asObjectId().getValue());
            case 8 -> Boolean.compare(a.asBoolean().getValue(), b.asBoolean().getValue());
            case 9 -> Long.compare(a.asDateTime().getValue(), b.asDateTime().getValue());
            case 10 ->
                Long.compareUnsigned(a.asTimestamp().getValue(), b.asTimestamp().getValue());
            case 11 -> {
                int patterns = codePoints(
                        a.asRegularExpression().getPattern(),
                        b.asRegularExpression().getPattern());
                yield patterns != 0
                        ? patterns
                        : codePoints(
                                a.asRegularExpression().getOptions(),
                                b.asRegularExpression().getOptions());
            }
            // MinKey, null, MaxKey: one value each; the code types are never in records.
            default -> 0;
        };
    }

    private static String text(BsonValue value) {
        return value.isString() ? value.asString().getValue() : value.asSymbol().getSymbol();
    }

    static int codePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static int documents(BsonDocument a, BsonDocument b) {
        Iterator<Map.Entry<String, BsonValue>> left = a.entrySet().iterator();
        Iterator<Map.Entry<String, BsonValue>> right = b.entrySet().iterator();
        while (left.hasNext() && right.hasNext()) {
            Map.Entry<String, BsonValue> x = left.next();
            Map.Entry<String, BsonValue> y = right.next();
            int c = Integer.compare(BsonOrder.bracket(x.getValue()), BsonOrder.bracket(y.getValue()));
            if (c == 0) {
                c = codePoints(x.getKey(), y.getKey());
            }
            if (c == 0) {
                c = compare(x.getValue(), y.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(left.hasNext(), right.hasNext());
    }

    private static int arrays(BsonArray a, BsonArray b) {
        for (int i = 0; i < a.size() && i < b.size(); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int binaries(BsonBinary a, BsonBinary b) {
        int c = Integer.compare(a.getData().length, b.getData().length);
        if (c == 0) {
            c = Integer.compare(a.getType() & 0xff, b.getType() & 0xff);
        }
        return c != 0 ? c : Arrays.compareUnsigned(a.getData(), b.getData());
    }

    /** Exact comparison across the four numeric types. */
    private static int numbers(BsonValue a, BsonValue b) {
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(a.asNumber().longValue(), b.asNumber().longValue());
        }
        if (a.isDouble() && b.isDouble()) {
            return doubles(a.asDouble().getValue(), b.asDouble().getValue());
        }
        Number x = number(a);
        Number y = number(b);
        // NaN sorts below every number and equals itself; infinities beyond every finite value.
        int xRank = rank(x);
        int yRank = rank(y);
        if (xRank != 1 || yRank != 1) {
            return Integer.compare(xRank, yRank);
        }
        return exact(x).compareTo(exact(y));
    }

    private static boolean isIntegral(BsonValue value) {
        return value.isInt32() || value.isInt64();
    }

    private static int doubles(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Boolean.compare(!Double.isNaN(x), !Double.isNaN(y));
        }
        // Unlike Double.compare, -0.0 equals 0.0.
        return x < y ? -1 : x > y ? 1 : 0;
    }

    private static Number number(BsonValue value) {
        return switch (value.getBsonType()) {
            case INT32 -> value.asInt32().getValue();
            case INT64 -> value.asInt64().getValue();
            case DOUBLE -> value.asDouble().getValue();
            default -> value.asDecimal128().getValue();
        };
    }

    /** Where a number stands among the non-finite ones: NaN -1, -Infinity 0, finite 1, +Infinity 2. */
    private static int rank(Number n) {
        if (n instanceof Double d) {
            return Double.isNaN(d) ? -1 : d == Double.NEGATIVE_INFINITY ? 0 : d == Double.POSITIVE_INFINITY ? 2 : 1;
        }
        if (n instanceof Decimal128 d) {
            return d.isNaN() ? -1 : d.isInfinite() ? (d.isNegative() ? 0 : 2) : 1;
        }
        return 1;
    }

    private static BigDecimal exact(Number n) {
        return switch (n) {
            case Double d -> new BigDecimal(d);
            case Decimal128 d -> decimal(d);
            default -> BigDecimal.valueOf(n.longValue());
        };
    }

    /** A finite decimal's value; {@code -0}, which BigDecimal cannot hold, is 0. */
    static BigDecimal decimal(Decimal128 d) {
        return d.isNegative() && d.equals(Decimal128.NEGATIVE_ZERO) ? BigDecimal.ZERO : d.bigDecimalValue();
    }
}
