package org.inventory.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;

/**
 * Turns one ingest message (JSON text, or its UTF-8 bytes) into validated BSON records, in one pass that wires
 * the {@link JsonTokenizer} (grammar), the {@link RecordRules} (what a record may hold) and the {@link BsonWriter}
 * (layout).
 *
 * <p>A message is one record (a JSON object) or a batch (an array of 1..maxBatch objects). Every record gets an
 * {@code _id} (the client's, as an ObjectId, or a new one), always as its first field. Field names and unescaped
 * text go from the JSON bytes into the BSON as they are, never decoded to Java strings. The first rule broken
 * rejects the whole message: {@code invalid_json} for text that is not JSON, {@code invalid_record} with the
 * record's index and path for a record that breaks a rule (an Extended JSON value, {@code {"$date": ...}} and
 * the like, is read by {@link ExtendedJson} and stored as its BSON type), {@code batch_too_large} for a batch of more than
 * maxBatch records. Thread-safe.
 */
public final class RecordParser {
    /** The record itself is depth 1; each nested object or array adds one. */
    public static final int MAX_DEPTH = RecordRules.MAX_DEPTH;

    private final int maxBatch;
    private final boolean plainBinariesOnly;

    public RecordParser(int maxBatch) {
        this(maxBatch, false);
    }

    /**
     * A parser that, with {@code plainBinariesOnly}, refuses the binaries the embedded store cannot hold: it keeps
     * subtype 0, and subtypes 3 and 4 (UUIDs) of 16 bytes; any other it stores as subtype 0 or fails to read.
     */
    public RecordParser(int maxBatch, boolean plainBinariesOnly) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
        this.maxBatch = maxBatch;
        this.plainBinariesOnly = plainBinariesOnly;
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
            throw new RejectedException(
                    Rejection.of(ErrorCode.INVALID_JSON, "the message holds an unpaired UTF-16 surrogate"));
        }
        return parse(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining());
    }

    /** Parses and validates a whole message given as UTF-8 bytes, as it came off the wire. */
    public List<RawBsonDocument> parse(byte[] utf8, int offset, int length) throws RejectedException {
        return new Reading(JsonTokenizer.of(utf8, offset, length), length).message();
    }

    /** The reading of one message: the JSON read, the BSON written so far, and the rules that follow both. */
    private final class Reading {
        private final JsonTokenizer json;
        private final BsonWriter out;
        private final RecordRules rules;

        Reading(JsonTokenizer json, int size) {
            this.json = json;
            this.out = BsonWriter.forJson(size);
            this.rules = new RecordRules(out);
        }

        List<RawBsonDocument> message() throws RejectedException {
            int first = json.peek();
            if (first < 0) {
                throw new RejectedException(
                        Rejection.of(ErrorCode.INVALID_JSON, "empty message: expected a JSON object or array"));
            }
            if (first == '{') {
                rules.index(0);
                record();
            } else if (first == '[') {
                batch();
            } else {
                // A scalar is valid JSON but no record; read it whole so malformed input still reads as invalid_json.
                skipValue(1);
                throw new RejectedException(Rejection.of(
                        ErrorCode.INVALID_RECORD,
                        "a message must be a JSON object (one record) or an array of objects (a batch)"));
            }
            if (json.peek() >= 0) {
                throw new RejectedException(Rejection.of(
                        ErrorCode.INVALID_JSON, "unexpected content after the JSON value at byte " + json.offset()));
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
                int index = out.records();
                rules.index(index);
                if (index == maxBatch) {
                    throw new RejectedException(
                            Rejection.of(ErrorCode.BATCH_TOO_LARGE, "a batch holds at most " + maxBatch + " records"));
                }
                if (next != '{') {
                    skipValue(2);
                    throw new RejectedException(
                            new Rejection(ErrorCode.INVALID_RECORD, "a record must be a JSON object", index, ""));
                }
                record();
            } while (json.more(']'));
        }

        /** Writes the record the tokenizer is on, with its _id (the client's, or a new one) first. */
        private void record() throws RejectedException {
            int start = out.startRecord();
            rules.startRecord();
            ObjectId id = members();
            out.endRecord(start, id != null ? id : new ObjectId());
        }

        private void object() throws RejectedException {
            rules.enterObject();
            int start = out.start();
            members();
            out.end(start);
            rules.leave();
        }

        /**
         * Writes the members of the object the tokenizer is on, but for the record's own {@code _id}, which is
         * returned instead (null when it has none). Each element's type is set once its value is read.
         */
        private ObjectId members() throws RejectedException {
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
                rules.push(name, length);
                json.expect(':');
                if (rules.isRecordId(flags, name, length)) {
                    id = id();
                    out.truncate(element);
                } else {
                    rules.checkName(flags, name, length);
                    out.endName();
                    value(element);
                }
                rules.pop();
            } while (json.more('}'));
            return id;
        }

        /**
         * Writes the object the reader is on, or the value it stands for when it is an Extended JSON wrapper;
         * returns the type written. Kept apart from {@link #value} so that the wrappers cost plain records
         * nothing there.
         */
        private byte objectOrWrapper() throws RejectedException {
            if (json.opensWithDollarName()) {
                byte type = ExtendedJson.read(json, out, rules, plainBinariesOnly);
                if (type != ExtendedJson.NO_WRAPPER) {
                    return type;
                }
            }
            object();
            return BsonWriter.DOCUMENT;
        }

        private void array() throws RejectedException {
            rules.enterArray();
            int start = out.start();
            if (!json.opensEmpty(']')) {
                int index = 0;
                do {
                    int element = out.element(index);
                    rules.pushIndex(index++);
                    value(element);
                    rules.pop();
                } while (json.more(']'));
            }
            out.end(start);
            rules.leave();
        }

        /** Writes the value the tokenizer is on; sets the type of its element, at {@code element}. */
        private void value(int element) throws RejectedException {
            byte type;
            switch (json.peek()) {
                case '{' -> type = objectOrWrapper();
                case '[' -> {
                    type = BsonWriter.ARRAY;
                    array();
                }
                case '"' -> {
                    type = BsonWriter.STRING;
                    int start = out.startString();
                    rules.checkText(json.string(out));
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

        /** Writes the number the tokenizer is on; returns its type. */
        private byte number() throws RejectedException {
            return switch (json.number()) {
                case INT32 -> {
                    out.int32((int) json.integer());
                    yield BsonWriter.INT32;
                }
                case INT64 -> {
                    out.int64(json.integer());
                    yield BsonWriter.INT64;
                }
                case BIG_INTEGER -> {
                    out.decimal128(rules.bigInteger(json.digits()));
                    yield BsonWriter.DECIMAL128;
                }
                case TOO_LONG -> throw rules.tooLongNumber();
                default -> {
                    out.float64(rules.finite(json.real()));
                    yield BsonWriter.DOUBLE;
                }
            };
        }

        /** Reads the value of a record's _id. */
        private ObjectId id() throws RejectedException {
            int at = json.offset();
            ObjectId id = rules.objectId(json.wrappedText(RecordRules.OID));
            if (id == null) {
                // Read the whole value, so that malformed JSON is still invalid_json.
                json.reset(at);
                skipValue(2);
                throw rules.wrongId();
            }
            return id;
        }

        /**
         * Reads the value the tokenizer is on only to check it is JSON; {@code depth} counts the message's array as 1.
         */
        private void skipValue(int depth) throws RejectedException {
            if (!json.skipValue(depth, RecordRules.MAX_SKIPPED_DEPTH)) {
                throw rules.tooDeep();
            }
        }
    }
}
