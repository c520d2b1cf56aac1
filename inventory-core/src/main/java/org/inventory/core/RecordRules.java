package org.inventory.core;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * The rules a record must keep beyond being JSON, each refusing it as {@code invalid_record} with the record's
 * index in the message and the path to the value that breaks the rule.
 *
 * <p>The rules:
 * <ul>
 * <li>a field name does not start with {@code $} nor hold a NUL, and appears once in its object (the record's
 *     {@code _id} included, however its name is escaped);
 * <li>nesting is at most {@value #MAX_DEPTH} levels, the record being level 1;
 * <li>the record's own {@code _id} is 24 hex digits, as a string or as {@code {"$oid": "<24 hex digits>"}}
 *     alone, and is stored as that ObjectId;
 * <li>integers are stored exactly: as int32, int64, or up to {@value #MAX_EXACT_DIGITS} digits as Decimal128;
 *     longer ones are refused, as are numbers longer than {@link JsonTokenizer#MAX_NUMBER_LENGTH} characters and
 *     numbers beyond the range of a double;
 * <li>text holds no unpaired UTF-16 surrogate, which no UTF-8 can store;
 * <li>a value written as an Extended JSON wrapper ({@link ExtendedJson}) holds that one member, well formed.
 * </ul>
 *
 * <p>One instance follows one message as it is read: the record's index, the nesting depth, the names seen in
 * each open object, and the path to the current value, kept as the names' places in the BSON written and as
 * array indexes, and spelled out only for an error reply.
 */
final class RecordRules {
    /** The record itself is depth 1; each nested object or array adds one. */
    static final int MAX_DEPTH = 32;
    /**
     * How deep a value read only to be refused (a scalar message, a batch element that is no object, a wrong
     * {@code _id}) may nest, counting the message's own array as 1: the records' limit and the batch around them.
     */
    static final int MAX_SKIPPED_DEPTH = MAX_DEPTH + 2;
    /** Integers beyond int64 are kept exactly as Decimal128, which holds 34 digits. */
    static final int MAX_EXACT_DIGITS = 34;
    /** The name of the one member of an {@code _id} written as an object. */
    static final String OID = "$oid";

    private static final byte[] ID = {'_', 'i', 'd'};
    private static final String LONE_SURROGATE = "text contains an unpaired UTF-16 surrogate";

    /** Where the names of the path were written. */
    private final BsonWriter out;

    private final int[] names = new int[MAX_DEPTH + 2];
    private final int[] lengths = new int[MAX_DEPTH + 2];
    private final int[] indexes = new int[MAX_DEPTH + 2];
    /** The names seen in the open object at each depth (index 0 for the record), made when first needed. */
    private final FieldNames[] seen = new FieldNames[MAX_DEPTH];

    private int level;
    private int depth;
    private int index = -1;
    private boolean hasId;

    /** Rules for the records written to {@code out}, whose field names they read there. */
    RecordRules(BsonWriter out) {
        this.out = out;
    }

    /** Sets the index in the message of the record read next, as rejections name it. */
    void index(int index) {
        this.index = index;
    }

    /** Starts a record: depth 1, no name seen yet. */
    void startRecord() {
        depth = 1;
        hasId = false;
        names(0);
    }

    /** Enters an object nested in the record, or refuses it when it is too deep. */
    void enterObject() throws RejectedException {
        enter();
        names(depth - 1);
    }

    /** Enters an array, or refuses it when it is too deep. */
    void enterArray() throws RejectedException {
        enter();
    }

    private void enter() throws RejectedException {
        if (++depth > MAX_DEPTH) {
            throw tooDeep();
        }
    }

    /** Leaves the object or array entered last. */
    void leave() {
        depth--;
    }

    /** Adds to the path the field name written at {@code name}, {@code length} bytes. */
    void push(int name, int length) {
        names[level] = name;
        lengths[level++] = length;
    }

    /** Adds to the path an array index. */
    void pushIndex(int i) {
        names[level] = -1;
        indexes[level++] = i;
    }

    /** Takes the last name or index off the path. */
    void pop() {
        level--;
    }

    /**
     * Whether the field name at {@code name} (with the {@link JsonTokenizer#string} flags it was read with) names
     * the record's own {@code _id}, whose value {@link #objectId} reads; refuses a second one.
     */
    boolean isRecordId(int flags, int name, int length) throws RejectedException {
        if (depth != 1 || flags != 0 || !out.matches(name, length, ID)) {
            return false;
        }
        if (hasId) {
            throw reject("duplicate field name");
        }
        hasId = true;
        return true;
    }

    /** Refuses a field name starting with '$', holding a NUL or an unpaired surrogate, or repeated in its object. */
    void checkName(int flags, int name, int length) throws RejectedException {
        byte[] bytes = out.array();
        if (length > 0 && bytes[name] == '$') {
            throw reject("field names must not start with '$'");
        }
        if ((flags & JsonTokenizer.HAS_NUL) != 0) {
            throw reject("field names must not contain NUL");
        }
        if ((flags & JsonTokenizer.LONE_SURROGATE) != 0) {
            throw reject(LONE_SURROGATE);
        }
        if (!seen[depth - 1].add(bytes, name, length)) {
            throw reject("duplicate field name");
        }
    }

    /** Refuses a string value read with {@link JsonTokenizer#string} flags saying it holds an unpaired surrogate. */
    void checkText(int flags) throws RejectedException {
        if ((flags & JsonTokenizer.LONE_SURROGATE) != 0) {
            throw reject(LONE_SURROGATE);
        }
    }

    /**
     * The ObjectId an {@code _id} stands for, given the text of its string or of its {@code $oid} member (null
     * for any other value); null when that is not 24 hex digits, and {@link #wrongId} is the rejection.
     */
    ObjectId objectId(String hex) {
        return hex == null || hex.length() != 24 || !ObjectId.isValid(hex) ? null : new ObjectId(hex);
    }

    RejectedException wrongId() {
        return reject("_id must be a 24-hex-digit string or {\"$oid\": \"<24 hex digits>\"}");
    }

    /** An integer beyond int64, given as a sign and digits, as the exact Decimal128; refused beyond 34 digits. */
    Decimal128 bigInteger(String digits) throws RejectedException {
        if (digits.length() - (digits.charAt(0) == '-' ? 1 : 0) > MAX_EXACT_DIGITS) {
            throw reject("integer has more than " + MAX_EXACT_DIGITS + " digits and cannot be stored exactly");
        }
        return new Decimal128(new BigDecimal(digits));
    }

    /** A number with a fraction or an exponent, read as a double; refused when too large for one. */
    double finite(double value) throws RejectedException {
        if (Double.isInfinite(value)) {
            throw reject("number is out of the range of a double");
        }
        return value;
    }

    RejectedException tooLongNumber() {
        return reject("number is longer than " + JsonTokenizer.MAX_NUMBER_LENGTH + " characters");
    }

    RejectedException tooDeep() {
        return reject("nesting is deeper than " + MAX_DEPTH + " levels");
    }

    /** A rejection of the current record as {@code invalid_record}, at the current path. */
    RejectedException reject(String message) {
        return new RejectedException(new Rejection(ErrorCode.INVALID_RECORD, message, index, path()));
    }

    /** The path, with the names read from the BSON they were written to. */
    String path() {
        var path = new StringBuilder();
        for (int i = 0; i < level; i++) {
            if (names[i] < 0) {
                path.append('[').append(indexes[i]).append(']');
            } else {
                String name = new String(out.array(), names[i], lengths[i], StandardCharsets.UTF_8);
                path.append(path.isEmpty() ? "" : ".").append(name);
            }
        }
        return path.toString();
    }

    /** Clears the names seen at {@code at}, for a new object there. */
    private void names(int at) {
        if (seen[at] == null) {
            seen[at] = new FieldNames();
        } else {
            seen[at].clear();
        }
    }

    /**
     * The field names of one open object, as places in the BSON, to refuse a repeated one. Objects are mostly
     * small, so a scan of their names' hashes beats a hash set; a set takes over for large objects.
     */
    private static final class FieldNames {
        private static final int SCANNED = 32;
        private final int[] names = new int[SCANNED];
        private final int[] lengths = new int[SCANNED];
        private final int[] hashes = new int[SCANNED];
        private int count;
        private Set<String> set;

        void clear() {
            count = 0;
            set = null;
        }

        /** Adds the name, {@code length} bytes at {@code name} in {@code bytes}; false when the object already has it. */
        boolean add(byte[] bytes, int name, int length) {
            if (set != null) {
                return set.add(new String(bytes, name, length, StandardCharsets.UTF_8));
            }
            int hash = 0;
            for (int i = name; i < name + length; i++) {
                hash = 31 * hash + bytes[i];
            }
            for (int i = 0; i < count; i++) {
                if (hashes[i] == hash
                        && lengths[i] == length
                        && Arrays.equals(bytes, names[i], names[i] + length, bytes, name, name + length)) {
                    return false;
                }
            }
            if (count == SCANNED) {
                set = new HashSet<>();
                for (int i = 0; i < count; i++) {
                    set.add(new String(bytes, names[i], lengths[i], StandardCharsets.UTF_8));
                }
                return set.add(new String(bytes, name, length, StandardCharsets.UTF_8));
            }
            names[count] = name;
            lengths[count] = length;
            hashes[count++] = hash;
            return true;
        }
    }
}
