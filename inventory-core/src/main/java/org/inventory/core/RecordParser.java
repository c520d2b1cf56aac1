package org.inventory.core;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
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
 * Turns one ingest message (JSON text) into validated BSON records, in one streaming pass.
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

    private final JsonFactory json;
    private final int maxBatch;

    public RecordParser(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
        this.maxBatch = maxBatch;
        // Our own depth check (MAX_DEPTH) answers first; the parser's limits only guard against abuse.
        this.json = JsonFactory.builder()
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
    public List<BsonDocument> parse(String message) throws RejectedException {
        var state = new State();
        try (JsonParser parser = json.createParser(message)) {
            List<BsonDocument> records = parseMessage(parser, state);
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
            // Reading from a String cannot fail with I/O; anything here is a parser fault.
            throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, "malformed JSON: " + e.getMessage()));
        }
    }

    private List<BsonDocument> parseMessage(JsonParser parser, State state) throws IOException, RejectedException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, "empty message: expected a JSON object or array"));
        }
        if (first == JsonToken.START_OBJECT) {
            state.index = 0;
            return List.of(parseRecord(parser, state));
        }
        if (first != JsonToken.START_ARRAY) {
            // A scalar is valid JSON but no record; read it whole so malformed input still reads as invalid_json.
            parser.finishToken();
            throw new RejectedException(Rejection.of(ErrorCode.INVALID_RECORD,
                    "a message must be a JSON object (one record) or an array of objects (a batch)"));
        }
        var records = new ArrayList<BsonDocument>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, "malformed JSON: unexpected end of input"));
            }
            state.index = records.size();
            if (records.size() == maxBatch) {
                throw new RejectedException(Rejection.of(ErrorCode.BATCH_TOO_LARGE,
                        "a batch holds at most " + maxBatch + " records"));
            }
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                throw new RejectedException(new Rejection(ErrorCode.INVALID_RECORD,
                        "a record must be a JSON object", state.index, ""));
            }
            records.add(parseRecord(parser, state));
        }
        if (records.isEmpty()) {
            throw new RejectedException(Rejection.of(ErrorCode.INVALID_RECORD, "an empty batch holds no record"));
        }
        return records;
    }

    /** Reads one record; the parser is on its START_OBJECT. */
    private BsonDocument parseRecord(JsonParser parser, State state) throws IOException, RejectedException {
        var record = new BsonDocument();
        // A placeholder keeps _id the first field wherever the client put it.
        record.put(ID, BsonNull.VALUE);
        boolean hasId = false;
        state.depth = 1;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            state.push(name);
            parser.nextToken();
            if (name.equals(ID)) {
                if (hasId) {
                    throw state.reject("duplicate field name");
                }
                hasId = true;
                record.put(ID, parseId(parser, state));
            } else {
                checkName(name, state);
                if (record.containsKey(name)) {
                    throw state.reject("duplicate field name");
                }
                record.put(name, parseValue(parser, state));
            }
            state.pop();
        }
        if (!hasId) {
            record.put(ID, new BsonObjectId(new ObjectId()));
        }
        return record;
    }

    private BsonObjectId parseId(JsonParser parser, State state) throws IOException, RejectedException {
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
        return new BsonObjectId(new ObjectId(hex));
    }

    private BsonValue parseValue(JsonParser parser, State state) throws IOException, RejectedException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> parseObject(parser, state);
            case START_ARRAY -> parseArray(parser, state);
            case VALUE_STRING -> new BsonString(checkText(parser.getText(), state));
            case VALUE_NUMBER_INT -> parseInteger(parser, state);
            case VALUE_NUMBER_FLOAT -> parseFloat(parser, state);
            case VALUE_TRUE -> BsonBoolean.TRUE;
            case VALUE_FALSE -> BsonBoolean.FALSE;
            case VALUE_NULL -> BsonNull.VALUE;
            default -> throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON,
                    "malformed JSON: unexpected " + parser.currentToken() + " at " + location(parser)));
        };
    }

    private BsonDocument parseObject(JsonParser parser, State state) throws IOException, RejectedException {
        state.enter();
        var object = new BsonDocument();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            state.push(name);
            checkName(name, state);
            if (object.containsKey(name)) {
                throw state.reject("duplicate field name");
            }
            parser.nextToken();
            object.put(name, parseValue(parser, state));
            state.pop();
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, "malformed JSON: unexpected end of input"));
        }
        state.leave();
        return object;
    }

    private BsonArray parseArray(JsonParser parser, State state) throws IOException, RejectedException {
        state.enter();
        var array = new BsonArray();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw new RejectedException(Rejection.of(ErrorCode.INVALID_JSON, "malformed JSON: unexpected end of input"));
            }
            state.pushIndex(array.size());
            array.add(parseValue(parser, state));
            state.pop();
        }
        state.leave();
        return array;
    }

    private static BsonValue parseInteger(JsonParser parser, State state) throws IOException, RejectedException {
        return switch (parser.getNumberType()) {
            case INT -> new BsonInt32(parser.getIntValue());
            case LONG -> new BsonInt64(parser.getLongValue());
            default -> {
                BigInteger value = parser.getBigIntegerValue();
                if (value.abs().toString().length() > MAX_EXACT_DIGITS) {
                    throw state.reject("integer has more than " + MAX_EXACT_DIGITS + " digits and cannot be stored exactly");
                }
                yield new BsonDecimal128(new Decimal128(new java.math.BigDecimal(value)));
            }
        };
    }

    private static BsonValue parseFloat(JsonParser parser, State state) throws IOException, RejectedException {
        double value = parser.getDoubleValue();
        if (Double.isInfinite(value)) {
            throw state.reject("number is out of the range of a double");
        }
        return new BsonDouble(value);
    }

    private static void checkName(String name, State state) throws RejectedException {
        if (name.startsWith("$")) {
            throw state.reject("field names must not start with '$'");
        }
        if (name.indexOf('\0') >= 0) {
            throw state.reject("field names must not contain NUL");
        }
        checkText(name, state);
    }

    /** BSON stores UTF-8: a lone surrogate (legal as a JSON escape) could not be stored exactly. */
    private static String checkText(String text, State state) throws RejectedException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw state.reject("text contains an unpaired UTF-16 surrogate");
                }
            }
        }
        return text;
    }

    private static String location(JsonParser parser) {
        var location = parser.currentLocation();
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String locationOf(JsonProcessingException e) {
        var location = e.getLocation();
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Where the parse is: the record's index, the nesting depth and the field path, for error replies. */
    private static final class State {
        private final StringBuilder path = new StringBuilder();
        private final int[] marks = new int[MAX_DEPTH + 2];
        private int level;
        private int depth;
        private int index = -1;

        void push(String name) {
            marks[level++] = path.length();
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(name);
        }

        void pushIndex(int i) {
            marks[level++] = path.length();
            path.append('[').append(i).append(']');
        }

        void pop() {
            path.setLength(marks[--level]);
        }

        void enter() throws RejectedException {
            if (++depth > MAX_DEPTH) {
                throw reject("nesting is deeper than " + MAX_DEPTH + " levels");
            }
        }

        void leave() {
            depth--;
        }

        String path() {
            return path.toString();
        }

        RejectedException reject(String message) {
            return new RejectedException(new Rejection(ErrorCode.INVALID_RECORD, message, index, path()));
        }
    }
}
