package org.inventory.core.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.inventory.core.ErrorCode;
import org.inventory.core.Rejection;
import org.inventory.core.query.FieldPath;

/**
 * Upsert mode's identity of an item ({@code INVENTORY_KEY}: the field paths whose values together name it) and its
 * optional version field ({@code INVENTORY_VERSION_FIELD}: a number or a date, the newer the larger). Knows what a
 * record must carry, the conditional replace's filter ("this key, and a stored version older than mine") and its
 * replacement (the record without its {@code _id}, so that the stored {@code _id} stays).
 *
 * @param key     the key's field paths, at least one, none of them {@code _id} or the version field
 * @param version the version field's path, if versions decide
 */
public record UpsertKey(List<String> key, Optional<String> version) {

    public UpsertKey {
        key = List.copyOf(key);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("no key field");
        }
        for (String path : key) {
            check(path);
            if (key.indexOf(path) != key.lastIndexOf(path)) {
                throw new IllegalArgumentException("'" + path + "' is named twice");
            }
        }
        version.ifPresent(UpsertKey::check);
        if (version.isPresent() && key.contains(version.get())) {
            throw new IllegalArgumentException("the version field '" + version.get() + "' is also a key field");
        }
    }

    private static void check(String path) {
        if (!FieldPath.isPath(path)) {
            throw new IllegalArgumentException(
                    "'" + path + "' is not a field path (dotted names, no empty part, no '$')");
        }
        if (path.equals("_id") || path.startsWith("_id.")) {
            throw new IllegalArgumentException("'" + path + "' is the store's own _id, which upsert mode keeps");
        }
    }

    /**
     * The refusal of the first record that lacks a key field or the version field, holds an array or a document in
     * a key field, or a version that is not a number or a date; null when every record may be written.
     */
    public Rejection check(List<RawBsonDocument> records) {
        for (int i = 0; i < records.size(); i++) {
            RawBsonDocument record = records.get(i);
            for (String path : key) {
                BsonValue value = valueAt(record, path);
                if (value == null) {
                    return refusal(i, path, "the record lacks the key field '" + path + "' (INVENTORY_KEY)");
                }
                if (value.isArray() || value.isDocument()) {
                    return refusal(
                            i,
                            path,
                            "the key field '" + path + "' holds " + (value.isArray() ? "an array" : "an object")
                                    + "; a key field holds a single value");
                }
            }
            if (version.isPresent()) {
                BsonValue value = valueAt(record, version.get());
                if (value == null) {
                    return refusal(
                            i,
                            version.get(),
                            "the record lacks the version field '" + version.get() + "' (INVENTORY_VERSION_FIELD)");
                }
                if (!versionType(value.getBsonType())
                        || (value.isDouble() && Double.isNaN(value.asDouble().getValue()))
                        || (value.isDecimal128()
                                && value.asDecimal128().getValue().isNaN())) {
                    return refusal(
                            i, version.get(), "the version field '" + version.get() + "' must hold a number or a date");
                }
            }
        }
        return null;
    }

    private static Rejection refusal(int index, String path, String message) {
        return new Rejection(ErrorCode.INVALID_RECORD, message, index, path);
    }

    private static boolean versionType(BsonType type) {
        return switch (type) {
            case INT32, INT64, DOUBLE, DECIMAL128, DATE_TIME -> true;
            default -> false;
        };
    }

    /** The value at a dotted path, through documents only; null where the path ends early or meets another value. */
    @SuppressWarnings("ReferenceEquality") // NOT_READ is one instance, a marker, never a record's value
    static BsonValue valueAt(BsonDocument record, String path) {
        if (record instanceof RawBsonDocument raw) {
            // Upsert mode reads a record's key and version several times: from its bytes, not through the driver.
            BsonValue value = RawValues.at(raw, path);
            if (value != RawValues.NOT_READ) {
                return value;
            }
        }
        return FieldPath.valueIn(record, path);
    }

    /** The record's key: each key path with its value (a record {@link #check} passed; else a missing one is null). */
    public BsonDocument keyOf(BsonDocument record) {
        var filter = new BsonDocument();
        for (String path : key) {
            BsonValue value = valueAt(record, path);
            filter.put(path, value == null ? org.bson.BsonNull.VALUE : value);
        }
        return filter;
    }

    /** The conditional replace's filter: the record's key, and, with a version field, a stored version older than its. */
    public BsonDocument filter(BsonDocument record) {
        BsonDocument filter = keyOf(record);
        version.ifPresent(field -> filter.put(field, new BsonDocument("$lt", valueAt(record, field))));
        return filter;
    }

    /**
     * How a stored version compares to a record's: negative when older, 0 when the same, positive when newer.
     * Numbers compare by value whatever their type, dates by their instant; a stored version of the other kind
     * (a date against a number) counts as newer: the record never replaces it, as MongoDB's {@code $lt} does not
     * compare across them.
     */
    static int compareVersions(BsonValue stored, BsonValue mine) {
        if (isNumber(stored) && isNumber(mine)) {
            return exact(stored).compareTo(exact(mine));
        }
        if (stored.isDateTime() && mine.isDateTime()) {
            return Long.compare(
                    stored.asDateTime().getValue(), mine.asDateTime().getValue());
        }
        return 1;
    }

    private static boolean isNumber(BsonValue value) {
        return value != null && (value.isNumber() || value.isDecimal128());
    }

    /** A number's exact value; infinities (which a record cannot carry as JSON) as the largest and smallest. */
    private static java.math.BigDecimal exact(BsonValue number) {
        double asDouble = number.isDecimal128()
                ? number.asDecimal128().getValue().doubleValue()
                : number.asNumber().doubleValue();
        if (Double.isInfinite(asDouble)
                && !(number.isDecimal128() && number.asDecimal128().getValue().isFinite())) {
            return java.math.BigDecimal.TEN.pow(7000).multiply(java.math.BigDecimal.valueOf(Math.signum(asDouble)));
        }
        return switch (number.getBsonType()) {
            case INT32 -> java.math.BigDecimal.valueOf(number.asInt32().getValue());
            case INT64 -> java.math.BigDecimal.valueOf(number.asInt64().getValue());
            case DOUBLE -> new java.math.BigDecimal(number.asDouble().getValue());
            default -> number.asDecimal128().getValue().bigDecimalValue();
        };
    }

    /** The unique index's keys. */
    public BsonDocument indexKeys() {
        var keys = new BsonDocument();
        key.forEach(path -> keys.put(path, new BsonInt32(1)));
        return keys;
    }

    /**
     * The projection of the key fields (and {@code extra}) and {@code _id}: by their top-level names, as the
     * embedded store (mongo-java-server 1.47) projects a dotted path into a nested document wrongly.
     */
    BsonDocument keyProjection(String... extra) {
        var projection = new BsonDocument("_id", new BsonInt32(1));
        for (String path : key) {
            projection.put(topLevel(path), new BsonInt32(1));
        }
        for (String path : extra) {
            projection.put(topLevel(path), new BsonInt32(1));
        }
        return projection;
    }

    private static String topLevel(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }

    /**
     * The record without its {@code _id}: what replaces the stored record (whose {@code _id} stays) or is inserted
     * (with the {@code _id} the store gives it). The parser writes {@code _id} first, so it is cut from the bytes.
     */
    public static RawBsonDocument withoutId(RawBsonDocument record) {
        ByteBuffer bytes = record.getByteBuffer().asNIO().order(ByteOrder.LITTLE_ENDIAN);
        int length = bytes.remaining();
        int idElement = 1 + 4 + 12; // type, "_id\0", an ObjectId
        if (length >= 4 + idElement + 1
                && bytes.get(bytes.position() + 4) == BsonType.OBJECT_ID.getValue()
                && bytes.get(bytes.position() + 5) == '_'
                && bytes.get(bytes.position() + 6) == 'i'
                && bytes.get(bytes.position() + 7) == 'd'
                && bytes.get(bytes.position() + 8) == 0) {
            byte[] cut = new byte[length - idElement];
            bytes.get(bytes.position() + 4 + idElement, cut, 4, cut.length - 4);
            ByteBuffer.wrap(cut).order(ByteOrder.LITTLE_ENDIAN).putInt(0, cut.length);
            return new RawBsonDocument(cut);
        }
        BsonDocument copy = record.toBsonDocument();
        copy.remove("_id");
        return new RawBsonDocument(copy, new org.bson.codecs.BsonDocumentCodec());
    }

    /** The stored document: {@code _id} first, then the record's fields. */
    public static RawBsonDocument withId(RawBsonDocument withoutId, BsonValue id) {
        var document = new BsonDocument("_id", id);
        for (var entry : withoutId.entrySet()) {
            document.put(entry.getKey(), entry.getValue());
        }
        return new RawBsonDocument(document, new org.bson.codecs.BsonDocumentCodec());
    }
}
