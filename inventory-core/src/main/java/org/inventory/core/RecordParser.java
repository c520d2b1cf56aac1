package org.inventory.core;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Turns one ingest message (JSON text, or its UTF-8 bytes) into validated BSON records, in one streaming pass.
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
    private static final String ID = "_id";
    private static final String LONE_SURROGATE = "text contains an unpaired UTF-16 surrogate";

    private final JsonFactory json;
    private final int maxBatch;

    public RecordParser(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
        this.maxBatch = maxBatch;
        // Our own depth check (MAX_DEPTH) answers first; the parser's limits only guard against abuse.
        this.json = JsonFactory.builder()
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER) // correctly rounded too, and several times faster
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH + 2)
                        .maxNumberLength(MAX_EXACT_DIGITS + 2000)
                        .maxStringLength(Integer.MAX_VALUE)
                        .build())
                .build();
    }

    public int maxBatch() {
        return maxBatch;
    }

    /** Parses and validates a whole message; returns its records in order. */
    public List<RawBsonDocument> parse(String message) throws RejectedException {
        try {
            return parse(json.createParser(message), message.length());
        } catch (IOException e) {
            throw new IllegalStateException(e); // creating a parser over a String does no I/O
        }
    }

    /** Parses and validates a whole message given as UTF-8 bytes, as it came off the wire. */
    public List<RawBsonDocument> parse(byte[] utf8, int offset, int length) throws RejectedException {
        int bad = Utf8.firstInvalidOrNul(utf8, offset, length);
        if (bad >= 0) {
            // A raw NUL is never JSON, and ruling it out keeps Jackson from taking the bytes for UTF-16 or UTF-32.
            throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, utf8[bad] == 0
                    ? "malformed JSON: a raw NUL byte at byte " + (bad - offset)
                    : "the message is not valid UTF-8 (at byte " + (bad - offset) + ")"));
        }
        if (length >= 3 && utf8[offset] == (byte) 0xEF && utf8[offset + 1] == (byte) 0xBB && utf8[offset + 2] == (byte) 0xBF) {
            // Jackson would skip it; refused as in text, where no JSON may begin with U+FEFF.
            throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, "malformed JSON: a byte order mark at byte 0"));
        }
        try {
            return parse(json.createParser(utf8, offset, length), length);
        } catch (IOException e) {
            throw new IllegalStateException(e); // creating a parser over bytes in memory does no I/O
        }
    }

    private List<RawBsonDocument> parse(JsonParser source, int size) throws RejectedException {
        var state = new State();
        try (JsonParser parser = source) {
            List<RawBsonDocument> records = parseMessage(parser, state, size);
            if (parser.nextToken() != null) {
                throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON,
                        "unexpected content after the JSON value at " + location(parser)));
            }
            return records;
        } catch (StreamConstraintsException e) {
            throw new RejectedException(new Rejection(ErrorCode.INVALID_RECORD,
                    e.getOriginalMessage(), state.index, state.path()));
        } catch (JsonProcessingException e) {
            throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON,
                    "malformed JSON: " + e.getOriginalMessage() + locationOf(e)));
        } catch (IOException e) {
            // Reading from memory cannot fail with I/O; anything here is a parser fault.
            throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, "malformed JSON: " + e.getMessage()));
        }
    }

    /**
     * Writes every record of the message, as BSON, into one buffer; the records are views of its bytes. One
     * array per message is cheap to queue and to collect, and the driver sends its bytes as they are.
     */
    private List<RawBsonDocument> parseMessage(JsonParser parser, State state, int size) throws IOException, RejectedException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, "empty message: expected a JSON object or array"));
        }
        if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
            // A scalar is valid JSON but no record; read it whole so malformed input still reads as invalid_json.
            parser.finishToken();
            throw new RejectedException(Rejection.of(ErrorCode.INVALID_RECORD,
                    "a message must be a JSON object (one record) or an array of objects (a batch)"));
        }
        // BSON takes a little more than the JSON it came from (about 8 % for typical records, with the _id
        // added): room for that up front saves growing, and so copying, the array at the end.
        var out = new BsonBytes(size + size / 4 + 256);
        var ids = new ArrayList<ObjectId>();
        var idPositions = new ArrayList<Integer>();
        var starts = new ArrayList<Integer>();
        if (first == JsonToken.START_OBJECT) {
            state.index = 0;
            starts.add(out.size());
            writeRecord(parser, state, out, ids, idPositions);
        } else {
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, "malformed JSON: unexpected end of input"));
                }
                state.index = starts.size();
                if (starts.size() == maxBatch) {
                    throw new RejectedException(Rejection.of(ErrorCode.BATCH_TOO_LARGE,
                            "a batch holds at most " + maxBatch + " records"));
                }
                if (token != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    throw new RejectedException(new Rejection(ErrorCode.INVALID_RECORD,
                            "a record must be a JSON object", state.index, ""));
                }
                starts.add(out.size());
                writeRecord(parser, state, out, ids, idPositions);
            }
            if (starts.isEmpty()) {
                throw new RejectedException(Rejection.of(ErrorCode.INVALID_RECORD, "an empty batch holds no record"));
            }
        }
        byte[] bytes = out.array();
        for (int i = 0; i < ids.size(); i++) {
            ids.get(i).putToByteBuffer(ByteBuffer.wrap(bytes, idPositions.get(i), 12));
        }
        var records = new ArrayList<RawBsonDocument>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : out.size();
            records.add(new RawBsonDocument(bytes, starts.get(i), end - starts.get(i)));
        }
        return records;
    }

    /** Writes one record; the parser is on its START_OBJECT. Its _id is written first, filled in at the end. */
    private void writeRecord(JsonParser parser, State state, BsonBytes out, List<ObjectId> ids,
                             List<Integer> idPositions) throws IOException, RejectedException {
        int start = out.start();
        writeName(out, BsonBytes.OBJECT_ID, ID, state);
        idPositions.add(out.objectIdPlaceholder());
        ObjectId id = null;
        state.depth = 1;
        state.names(0).clear();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            state.push(name);
            parser.nextToken();
            if (name.equals(ID)) {
                if (id != null) {
                    throw state.reject("duplicate field name");
                }
                id = parseId(parser, state);
            } else {
                checkName(name, state, 0);
                writeElement(parser, state, out, name, 0);
            }
            state.pop();
        }
        out.end(start);
        ids.add(id != null ? id : new ObjectId());
    }

    private ObjectId parseId(JsonParser parser, State state) throws IOException, RejectedException {
        String hex = null;
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            hex = parser.getText();
        } else if (parser.currentToken() == JsonToken.START_OBJECT) {
            if ("$oid".equals(parser.nextFieldName()) && parser.nextToken() == JsonToken.VALUE_STRING) {
                hex = parser.getText();
                if (parser.nextToken() != JsonToken.END_OBJECT) {
                    hex = null;
                }
            }
            if (hex == null) {
                parser.skipChildren();
            }
        } else {
            parser.skipChildren();
        }
        if (hex == null || hex.length() != 24 || !ObjectId.isValid(hex)) {
            throw state.reject("_id must be a 24-hex-digit string or {\"$oid\": \"<24 hex digits>\"}");
        }
        return new ObjectId(hex);
    }

    /** Writes the value the parser is on as an element named {@code name}, or {@code index} in an array. */
    private void writeElement(JsonParser parser, State state, BsonBytes out, String name, int index)
            throws IOException, RejectedException {
        JsonToken token = parser.currentToken();
        byte type = switch (token) {
            case START_OBJECT -> BsonBytes.DOCUMENT;
            case START_ARRAY -> BsonBytes.ARRAY;
            case VALUE_STRING -> BsonBytes.STRING;
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> BsonBytes.INT32;
                case LONG -> BsonBytes.INT64;
                default -> BsonBytes.DECIMAL128;
            };
            case VALUE_NUMBER_FLOAT -> BsonBytes.DOUBLE;
            case VALUE_TRUE, VALUE_FALSE -> BsonBytes.BOOLEAN;
            case VALUE_NULL -> BsonBytes.NULL;
            default -> throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON,
                    "malformed JSON: unexpected " + token + " at " + location(parser)));
        };
        if (name != null) {
            writeName(out, type, name, state);
        } else {
            out.name(type, index);
        }
        // A value refused here refuses the whole message, so what was written of it does not matter.
        switch (type) {
            case BsonBytes.DOCUMENT -> writeObject(parser, state, out);
            case BsonBytes.ARRAY -> writeArray(parser, state, out);
            case BsonBytes.STRING -> {
                if (!out.string(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength())) {
                    throw state.reject(LONE_SURROGATE);
                }
            }
            case BsonBytes.INT32 -> out.int32(parser.getIntValue());
            case BsonBytes.INT64 -> out.int64(parser.getLongValue());
            case BsonBytes.DECIMAL128 -> out.decimal128(exactDecimal(parser, state));
            case BsonBytes.DOUBLE -> out.float64(parseFloat(parser, state));
            case BsonBytes.BOOLEAN -> out.bool(token == JsonToken.VALUE_TRUE);
            default -> { } // null has no value bytes
        }
    }

    private void writeObject(JsonParser parser, State state, BsonBytes out) throws IOException, RejectedException {
        int depth = state.enter();
        state.names(depth).clear();
        int start = out.start();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            state.push(name);
            checkName(name, state, depth);
            parser.nextToken();
            writeElement(parser, state, out, name, 0);
            state.pop();
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, "malformed JSON: unexpected end of input"));
        }
        out.end(start);
        state.leave();
    }

    private void writeArray(JsonParser parser, State state, BsonBytes out) throws IOException, RejectedException {
        state.enter();
        int start = out.start();
        int size = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, "malformed JSON: unexpected end of input"));
            }
            state.pushIndex(size);
            writeElement(parser, state, out, null, size++);
            state.pop();
        }
        out.end(start);
        state.leave();
    }

    private static Decimal128 exactDecimal(JsonParser parser, State state) throws IOException, RejectedException {
        BigInteger value = parser.getBigIntegerValue();
        if (value.abs().toString().length() > MAX_EXACT_DIGITS) {
            throw state.reject("integer has more than " + MAX_EXACT_DIGITS + " digits and cannot be stored exactly");
        }
        return new Decimal128(new java.math.BigDecimal(value));
    }

    private static double parseFloat(JsonParser parser, State state) throws IOException, RejectedException {
        double value = parser.getDoubleValue();
        if (Double.isInfinite(value)) {
            throw state.reject("number is out of the range of a double");
        }
        return value;
    }

    /** A field name of the object at {@code depth}: no '$' first, no NUL, not seen before in that object. */
    /** Refuses a name starting with '$' or repeated in its object (the one at {@code depth}). */
    private static void checkName(String name, State state, int depth) throws RejectedException {
        if (name.startsWith("$")) {
            throw state.reject("field names must not start with '$'");
        }
        if (!state.names(depth).add(name)) {
            throw state.reject("duplicate field name");
        }
    }

    /** Writes an element's type and name; refuses a name UTF-8 or a BSON C string cannot hold. */
    private static void writeName(BsonBytes out, byte type, String name, State state) throws RejectedException {
        if (!out.name(type, name)) {
            throw state.reject(name.indexOf('\0') >= 0 ? "field names must not contain NUL" : LONE_SURROGATE);
        }
    }

    private static String location(JsonParser parser) {
        var location = parser.currentLocation();
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String locationOf(JsonProcessingException e) {
        var location = e.getLocation();
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /**
     * Where the parse is: the record's index, the nesting depth, the field names seen in each open object, and
     * the path to the current value, kept as names and indexes and spelled out only for an error reply.
     */
    private static final class State {
        private final String[] names = new String[MAX_DEPTH + 2];
        private final int[] indexes = new int[MAX_DEPTH + 2];
        private final List<FieldNames> seen = new ArrayList<>();
        private int level;
        private int depth;
        private int index = -1;

        void push(String name) {
            names[level++] = name;
        }

        void pushIndex(int i) {
            names[level] = null;
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

        /** The names seen so far in the open object at this depth, reused from record to record. */
        FieldNames names(int depth) {
            while (seen.size() <= depth) {
                seen.add(new FieldNames());
            }
            return seen.get(depth);
        }

        String path() {
            var path = new StringBuilder();
            for (int i = 0; i < level; i++) {
                if (names[i] == null) {
                    path.append('[').append(indexes[i]).append(']');
                } else {
                    path.append(path.isEmpty() ? "" : ".").append(names[i]);
                }
            }
            return path.toString();
        }

        RejectedException reject(String message) {
            return new RejectedException(new Rejection(ErrorCode.INVALID_RECORD, message, index, path()));
        }
    }

    /**
     * The field names of one open object, to refuse a repeated one. Objects are mostly small, so a scan of
     * their names' hash codes (cached in each String) beats a hash set; a set takes over for large objects.
     */
    private static final class FieldNames {
        private static final int SCANNED = 32;
        private final String[] names = new String[SCANNED];
        private final int[] hashes = new int[SCANNED];
        private int count;
        private Set<String> set;

        void clear() {
            count = 0;
            set = null;
        }

        /** Adds the name; false when the object already has it. */
        boolean add(String name) {
            if (set != null) {
                return set.add(name);
            }
            int hash = name.hashCode();
            for (int i = 0; i < count; i++) {
                if (hashes[i] == hash && names[i].equals(name)) {
                    return false;
                }
            }
            if (count == SCANNED) {
                set = new HashSet<>(Arrays.asList(names));
                return set.add(name);
            }
            names[count] = name;
            hashes[count++] = hash;
            return true;
        }
    }
}
