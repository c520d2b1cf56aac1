package org.inventory.core;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Turns one ingest message (JSON text, or its UTF-8 bytes) into validated BSON records, in one pass over the
 * bytes: field names and unescaped text are copied into the BSON as they are, never decoded to Java strings.
 *
 * <p>A message is one record (a JSON object) or a batch (an array of 1..maxBatch objects). Every record
 * gets an {@code _id} (the client's, as an ObjectId, or a new one), always as its first field. The first
 * rule broken rejects the whole message with the contract's code, and for a bad record its index and path.
 * Thread-safe.
 */
public final class RecordParser {
    /** The record itself is depth 1; each nested object or array adds one. */
    public static final int MAX_DEPTH = 32;
    /** Integers beyond int64 are kept exactly as Decimal128, which holds 34 digits. */
    private static final int MAX_EXACT_DIGITS = 34;
    private static final byte[] ID = {'_', 'i', 'd'};
    private static final String LONE_SURROGATE = "text contains an unpaired UTF-16 surrogate";

    private final int maxBatch;

    public RecordParser(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
        this.maxBatch = maxBatch;
    }

    public int maxBatch() {
        return maxBatch;
    }

    /** Parses and validates a whole message; returns its records in order. */
    public List<RawBsonDocument> parse(String message) throws RejectedException {
        ByteBuffer utf8;
        try {
            // Strict: an unpaired surrogate has no UTF-8, as invalid bytes on the wire have no text.
            utf8 = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(message));
        } catch (CharacterCodingException e) {
            throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, "the message holds an unpaired UTF-16 surrogate"));
        }
        return parse(utf8.array(), 0, utf8.limit());
    }

    /** Parses and validates a whole message given as UTF-8 bytes, as it came off the wire. */
    public List<RawBsonDocument> parse(byte[] utf8, int offset, int length) throws RejectedException {
        return new Reading(JsonReader.of(utf8, offset, length), length).message();
    }

    /** The reading of one message: where it is in the JSON, the BSON written so far, and the rules' state. */
    private final class Reading {
        private final JsonReader json;
        /** Every record of the message, as BSON, in one buffer. */
        private final BsonWriter out;
        private final State state;

        Reading(JsonReader json, int size) {
            this.json = json;
            this.out = BsonWriter.forJson(size);
            this.state = new State(out);
        }

        List<RawBsonDocument> message() throws RejectedException {
            int first = json.peek();
            if (first < 0) {
                throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, "empty message: expected a JSON object or array"));
            }
            if (first == '{') {
                state.index = 0;
                record();
            } else if (first == '[') {
                batch();
            } else {
                // A scalar is valid JSON but no record; read it whole so malformed input still reads as invalid_json.
                skipValue(1);
                throw new RejectedException(Rejection.of(ErrorCode.INVALID_RECORD,
                        "a message must be a JSON object (one record) or an array of objects (a batch)"));
            }
            if (json.peek() >= 0) {
                throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON,
                        "unexpected content after the JSON value at byte " + json.offset()));
            }
            return out.documents();
        }

        private void batch() throws RejectedException {
            if (json.opensEmpty(']')) {
                throw new RejectedException(Rejection.of(ErrorCode.INVALID_RECORD, "an empty batch holds no record"));
            }
            do {
                int next = json.peek();
                if (next < 0) {
                    throw json.malformed("expected a record");
                }
                state.index = out.records();
                if (out.records() == maxBatch) {
                    throw new RejectedException(Rejection.of(ErrorCode.BATCH_TOO_LARGE, "a batch holds at most " + maxBatch + " records"));
                }
                if (next != '{') {
                    skipValue(2);
                    throw new RejectedException(new Rejection(ErrorCode.INVALID_RECORD, "a record must be a JSON object", state.index, ""));
                }
                record();
            } while (json.more(']'));
        }

        /** Writes the record the reader is on, with its _id (the client's, or a new one) first. */
        private void record() throws RejectedException {
            int start = out.startRecord();
            state.depth = 1;
            ObjectId id = members(0);
            out.endRecord(start, id != null ? id : new ObjectId());
        }

        private void object() throws RejectedException {
            int depth = state.enter();
            int start = out.start();
            members(depth);
            out.end(start);
            state.leave();
        }

        /**
         * Writes the members of the object the reader is on (at depth 0: the record, whose {@code _id} is
         * returned instead, null when it has none). Each element's type byte is set once its value is read.
         */
        private ObjectId members(int depth) throws RejectedException {
            FieldNames names = state.names(depth);
            ObjectId id = null;
            if (json.opensEmpty('}')) {
                return null;
            }
            do {
                if (json.peek() != '"') {
                    throw json.malformed("expected a field name");
                }
                int element = out.element();
                int name = out.size();
                int flags = json.string(out);
                int length = out.size() - name;
                state.push(name, length);
                json.expect(':');
                if (depth == 0 && flags == 0 && out.matches(name, length, ID)) {
                    if (id != null) {
                        throw state.reject("duplicate field name");
                    }
                    id = id();
                    out.truncate(element);
                } else {
                    checkName(names, flags, name, length);
                    out.endName();
                    value(element);
                }
                state.pop();
            } while (json.more('}'));
            return id;
        }

        private void array() throws RejectedException {
            state.enter();
            int start = out.start();
            if (!json.opensEmpty(']')) {
                int index = 0;
                do {
                    int element = out.element(index);
                    state.pushIndex(index++);
                    value(element);
                    state.pop();
                } while (json.more(']'));
            }
            out.end(start);
            state.leave();
        }

        /** Writes the value the reader is on; sets the type byte of its element, at {@code element}. */
        private void value(int element) throws RejectedException {
            byte type;
            switch (json.peek()) {
                case '{' -> {
                    type = BsonWriter.DOCUMENT;
                    object();
                }
                case '[' -> {
                    type = BsonWriter.ARRAY;
                    array();
                }
                case '"' -> {
                    type = BsonWriter.STRING;
                    int start = out.startString();
                    if ((json.string(out) & JsonReader.LONE_SURROGATE) != 0) {
                        throw state.reject(LONE_SURROGATE);
                    }
                    out.endString(start);
                }
                case 't', 'f' -> {
                    type = BsonWriter.BOOLEAN;
                    out.bool(json.bool());
                }
                case 'n' -> {
                    type = BsonWriter.NULL;
                    json.nil();
                }
                case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> type = number();
                default -> throw json.malformed("unexpected character");
            }
            out.type(element, type);
        }

        private byte number() throws RejectedException {
            switch (json.number()) {
                case INT32 -> {
                    out.int32((int) json.integer());
                    return BsonWriter.INT32;
                }
                case INT64 -> {
                    out.int64(json.integer());
                    return BsonWriter.INT64;
                }
                case BIG_INTEGER -> {
                    String digits = json.digits();
                    if (digits.length() - (digits.charAt(0) == '-' ? 1 : 0) > MAX_EXACT_DIGITS) {
                        throw state.reject("integer has more than " + MAX_EXACT_DIGITS + " digits and cannot be stored exactly");
                    }
                    out.decimal128(new Decimal128(new BigDecimal(digits)));
                    return BsonWriter.DECIMAL128;
                }
                case TOO_LONG -> throw state.reject("number is longer than " + JsonReader.MAX_NUMBER_LENGTH + " characters");
                default -> {
                    if (Double.isInfinite(json.real())) {
                        throw state.reject("number is out of the range of a double");
                    }
                    out.float64(json.real());
                    return BsonWriter.DOUBLE;
                }
            }
        }

        /** Reads a record's _id: 24 hex digits, as a string or as {"$oid": "..."}. */
        private ObjectId id() throws RejectedException {
            int at = json.offset();
            String hex = json.wrappedText("$oid");
            if (hex == null || hex.length() != 24 || !ObjectId.isValid(hex)) {
                // Read the whole value, so that malformed JSON is still invalid_json.
                json.reset(at);
                skipValue(2);
                throw state.reject("_id must be a 24-hex-digit string or {\"$oid\": \"<24 hex digits>\"}");
            }
            return new ObjectId(hex);
        }

        /**
         * Reads the value the reader is on only to check it is JSON. {@code depth} counts the message's own
         * array as 1; values nested deeper than the records' limit and the batch around them are refused.
         */
        private void skipValue(int depth) throws RejectedException {
            if (!json.skipValue(depth, MAX_DEPTH + 2)) {
                throw state.reject("nesting is deeper than " + MAX_DEPTH + " levels");
            }
        }

        /** Refuses a name starting with '$', holding a NUL or an unpaired surrogate, or repeated in its object. */
        private void checkName(FieldNames names, int flags, int name, int length) throws RejectedException {
            if (length > 0 && out.array()[name] == '$') {
                throw state.reject("field names must not start with '$'");
            }
            if ((flags & JsonReader.HAS_NUL) != 0) {
                throw state.reject("field names must not contain NUL");
            }
            if ((flags & JsonReader.LONE_SURROGATE) != 0) {
                throw state.reject(LONE_SURROGATE);
            }
            if (!names.add(out.array(), name, length)) {
                throw state.reject("duplicate field name");
            }
        }
    }

    /**
     * Where the parse is: the record's index, the nesting depth, the field names seen in each open object, and
     * the path to the current value, kept as the names' places in the BSON and indexes, and spelled out only for
     * an error reply.
     */
    private static final class State {
        /** Where the names of the path were written. */
        private final BsonWriter out;
        private final int[] names = new int[MAX_DEPTH + 2];
        private final int[] lengths = new int[MAX_DEPTH + 2];
        private final int[] indexes = new int[MAX_DEPTH + 2];
        private final List<FieldNames> seen = new ArrayList<>();
        private int level;
        private int depth;
        private int index = -1;

        State(BsonWriter out) {
            this.out = out;
        }

        void push(int name, int length) {
            names[level] = name;
            lengths[level++] = length;
        }

        void pushIndex(int i) {
            names[level] = -1;
            indexes[level++] = i;
        }

        void pop() {
            level--;
        }

        /** Enters a nested object or array; returns its depth (the record is 0 here, nested values 1 and up). */
        int enter() throws RejectedException {
            if (++depth > MAX_DEPTH) {
                throw reject("nesting is deeper than " + MAX_DEPTH + " levels");
            }
            return depth - 1;
        }

        void leave() {
            depth--;
        }

        /** The names seen so far in the open object at this depth, cleared for a new object. */
        FieldNames names(int depth) {
            while (seen.size() <= depth) {
                seen.add(new FieldNames());
            }
            FieldNames names = seen.get(depth);
            names.clear();
            return names;
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

        RejectedException reject(String message) {
            return new RejectedException(new Rejection(ErrorCode.INVALID_RECORD, message, index, path()));
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
                if (hashes[i] == hash && lengths[i] == length
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
