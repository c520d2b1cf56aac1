package org.inventory.core;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Reads the MongoDB Extended JSON v2 type wrappers a record's values may use (canonical and relaxed alike) and
 * writes the BSON value each stands for: {@code $date}, {@code $numberInt}, {@code $numberLong},
 * {@code $numberDouble}, {@code $numberDecimal}, {@code $oid}, {@code $binary} and {@code $uuid}.
 *
 * <p>A wrapper is an object whose first name is one of these; it holds that one member, whose value must be
 * well formed, or the record is refused as {@code invalid_record} at the path of the wrapped value. An object
 * whose first name is any other {@code $} name is no wrapper: it is read as an object, whose rules refuse it.
 */
final class ExtendedJson {
    /** What {@link #read} returns for an object that is no wrapper, having read nothing of it. */
    static final byte NO_WRAPPER = 0;

    private enum Kind {
        DATE,
        INT,
        LONG,
        DOUBLE,
        DECIMAL,
        OID,
        BINARY,
        UUID
    }

    private static final Map<String, Kind> KINDS = Map.of(
            "$date",
            Kind.DATE,
            "$numberInt",
            Kind.INT,
            "$numberLong",
            Kind.LONG,
            "$numberDouble",
            Kind.DOUBLE,
            "$numberDecimal",
            Kind.DECIMAL,
            "$oid",
            Kind.OID,
            "$binary",
            Kind.BINARY,
            "$uuid",
            Kind.UUID);
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    /** A JSON number, as the canonical form writes a finite double's decimal string. */
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern SUBTYPE = Pattern.compile("[0-9a-fA-F]{1,2}");
    private static final byte UUID_SUBTYPE = 4;

    private ExtendedJson() {}

    /**
     * Reads the object the reader is on, when it is a wrapper, and writes its value to {@code out}; returns the
     * value's BSON type, or {@link #NO_WRAPPER} with nothing read when its first name is no wrapper's.
     */
    static byte read(JsonTokenizer json, BsonWriter out, RecordRules rules, boolean plainBinariesOnly)
            throws RejectedException {
        int at = json.offset();
        json.opensEmpty('}'); // the caller saw a name follow
        String name = json.text();
        Kind kind = name == null ? null : KINDS.get(name);
        if (kind == null) {
            json.reset(at);
            return NO_WRAPPER;
        }
        json.expect(':');
        String problem = value(kind, json, out, plainBinariesOnly);
        if (problem == null && json.more('}')) {
            problem = "an Extended JSON " + name(kind) + " wrapper holds no other member";
        }
        if (problem != null) {
            // Read the whole value, so that malformed JSON is still invalid_json, then refuse the record.
            json.reset(at);
            if (!json.skipValue(2, RecordRules.MAX_SKIPPED_DEPTH)) {
                throw rules.tooDeep();
            }
            throw rules.reject(problem);
        }
        return switch (kind) {
            case DATE -> BsonWriter.DATE_TIME;
            case INT -> BsonWriter.INT32;
            case LONG -> BsonWriter.INT64;
            case DOUBLE -> BsonWriter.DOUBLE;
            case DECIMAL -> BsonWriter.DECIMAL128;
            case OID -> BsonWriter.OBJECT_ID;
            case BINARY, UUID -> BsonWriter.BINARY;
        };
    }

    /** Reads the wrapped value and writes it; returns what is wrong with it, or null when it was written. */
    private static String value(Kind kind, JsonTokenizer json, BsonWriter out, boolean plainBinariesOnly)
            throws RejectedException {
        if (kind == Kind.BINARY) {
            return binary(json, out, plainBinariesOnly);
        }
        String text;
        if (kind == Kind.DATE && json.peek() == '{') {
            text = json.wrappedText("$numberLong");
            if (text == null || !INTEGER.matcher(text).matches()) {
                return "$date must be an ISO-8601 date and time with an offset, or {\"$numberLong\": \"<milliseconds>\"}";
            }
            try {
                out.int64(Long.parseLong(text));
                return null;
            } catch (NumberFormatException e) {
                return "$date milliseconds are out of the range of a 64-bit integer";
            }
        }
        text = json.peek() == '"' ? json.text() : null;
        if (text == null) {
            return name(kind) + " must hold a string";
        }
        switch (kind) {
            case DATE -> {
                try {
                    out.int64(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                            .toInstant()
                            .toEpochMilli());
                    return null;
                } catch (DateTimeParseException | ArithmeticException e) {
                    return "$date must be an ISO-8601 date and time with an offset or Z (2024-05-01T12:00:00Z), not '"
                            + text + "'";
                }
            }
            case INT -> {
                if (INTEGER.matcher(text).matches()) {
                    try {
                        out.int32(Integer.parseInt(text));
                        return null;
                    } catch (NumberFormatException e) {
                        // beyond a 32-bit integer
                    }
                }
                return "$numberInt must be a 32-bit integer as a string, not '" + text + "'";
            }
            case LONG -> {
                if (INTEGER.matcher(text).matches()) {
                    try {
                        out.int64(Long.parseLong(text));
                        return null;
                    } catch (NumberFormatException e) {
                        // beyond a 64-bit integer
                    }
                }
                return "$numberLong must be a 64-bit integer as a string, not '" + text + "'";
            }
            case DOUBLE -> {
                double value = switch (text) {
                    case "Infinity" -> Double.POSITIVE_INFINITY;
                    case "-Infinity" -> Double.NEGATIVE_INFINITY;
                    case "NaN" -> Double.NaN;
                    default -> DECIMAL.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
                };
                if ((Double.isNaN(value) && !text.equals("NaN"))
                        || (Double.isInfinite(value) && !text.endsWith("Infinity"))) {
                    return "$numberDouble must be a decimal number, Infinity, -Infinity or NaN in the range of a double, not '"
                            + text + "'";
                }
                out.float64(value);
                return null;
            }
            case DECIMAL -> {
                try {
                    out.decimal128(Decimal128.parse(text));
                    return null;
                } catch (NumberFormatException e) {
                    return "$numberDecimal must be a decimal a Decimal128 holds exactly, not '" + text + "'";
                }
            }
            case OID -> {
                if (text.length() != 24 || !ObjectId.isValid(text)) {
                    return "$oid must be 24 hex digits, not '" + text + "'";
                }
                out.objectId(new ObjectId(text));
                return null;
            }
            case UUID -> {
                if (!UUID.matcher(text).matches()) {
                    return "$uuid must be 32 hex digits in groups of 8-4-4-4-12, not '" + text + "'";
                }
                out.binary(UUID_SUBTYPE, HexFormat.of().parseHex(text.replace("-", "")));
                return null;
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** Reads {@code {"base64": "...", "subType": "hh"}}, its members in either order, and writes the binary. */
    private static String binary(JsonTokenizer json, BsonWriter out, boolean plainBinariesOnly)
            throws RejectedException {
        String wrong = "$binary must be {\"base64\": \"<base64>\", \"subType\": \"<1 or 2 hex digits>\"}";
        if (json.peek() != '{' || json.opensEmpty('}')) {
            return wrong;
        }
        String base64 = null;
        String subType = null;
        do {
            if (json.peek() != '"') {
                return wrong; // the caller reads it again, as JSON
            }
            String name = json.text();
            json.expect(':');
            String text = json.peek() == '"' ? json.text() : null;
            if (text == null) {
                return wrong;
            }
            if ("base64".equals(name) && base64 == null) {
                base64 = text;
            } else if ("subType".equals(name) && subType == null) {
                subType = text;
            } else {
                return wrong;
            }
        } while (json.more('}'));
        if (base64 == null || subType == null) {
            return wrong;
        }
        if (!SUBTYPE.matcher(subType).matches()) {
            return "$binary subType must be 1 or 2 hex digits, not '" + subType + "'";
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return "$binary base64 is not base64: " + e.getMessage();
        }
        int type = Integer.parseInt(subType, 16);
        if (plainBinariesOnly && type != 0 && !((type == 3 || type == UUID_SUBTYPE) && data.length == 16)) {
            return "the embedded store holds binaries of subType 00, and of 03 and 04 (UUIDs) with 16 bytes, not of "
                    + String.format("%02x", type) + (type == 3 || type == 4 ? " with " + data.length + " bytes" : "")
                    + "; set MONGODB_URL to a MongoDB for these";
        }
        out.binary((byte) type, data);
        return null;
    }

    private static String name(Kind kind) {
        return KINDS.entrySet().stream()
                .filter(e -> e.getValue() == kind)
                .findFirst()
                .orElseThrow()
                .getKey();
    }
}
