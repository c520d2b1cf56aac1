package org.inventory.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Reads JSON text (RFC 8259) from UTF-8 bytes, token by token, refusing what is not JSON as {@code invalid_json}.
 *
 * <p>The caller walks the structure: it asks what comes next ({@link #peek}) and reads that: a string, decoded
 * straight into the BSON being written, a number, a literal, the brackets and commas between values. An error
 * names its byte offset. Which values a record may hold, and how deep, is not the tokenizer's to decide.
 */
final class JsonTokenizer {
    /** Flags of a string read by {@link #string}: it held an escaped NUL, or an unpaired surrogate escape. */
    static final int HAS_NUL = 1;

    static final int LONE_SURROGATE = 2;

    /** The kinds of number {@link #number} reads; TOO_LONG is one written with more than MAX_NUMBER_LENGTH characters. */
    enum NumberKind {
        INT32,
        INT64,
        BIG_INTEGER,
        DOUBLE,
        TOO_LONG
    }

    /**
     * The longest number read: enough for the exact value of any double written out in full, without an
     * exponent (at most 1,077 characters), and a bound on what converting a number may cost.
     */
    static final int MAX_NUMBER_LENGTH = 1_100;

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    /** Integers of up to 18 digits fit a long whatever the digits. */
    private static final int SAFE_LONG_DIGITS = 18;

    private final byte[] in;
    private final int start;
    private final int end;
    private int pos;
    /** The value of the last number read, as fits its kind. */
    private long integer;

    private double real;
    private String digits;
    /** Where text read only to be checked or decoded goes; made when first needed. */
    private BsonWriter scratch;

    private JsonTokenizer(byte[] in, int offset, int length) {
        this.in = in;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    /**
     * A tokenizer of the {@code length} bytes at {@code offset}, once they are checked to be text: strict UTF-8
     * (see {@link Utf8}) with no raw NUL, which no JSON text holds, and no byte order mark, which RFC 8259
     * forbids.
     */
    static JsonTokenizer of(byte[] utf8, int offset, int length) throws RejectedException {
        int bad = Utf8.firstInvalidOrNul(utf8, offset, length);
        if (bad >= 0) {
            throw new RejectedException(Rejection.of(
                    ErrorCode.INVALID_JSON,
                    utf8[bad] == 0
                            ? "malformed JSON: a raw NUL byte at byte " + (bad - offset)
                            : "the message is not valid UTF-8 (at byte " + (bad - offset) + ")"));
        }
        if (length >= 3
                && utf8[offset] == (byte) 0xEF
                && utf8[offset + 1] == (byte) 0xBB
                && utf8[offset + 2] == (byte) 0xBF) {
            throw new RejectedException(
                    Rejection.of(ErrorCode.INVALID_JSON, "malformed JSON: a byte order mark at byte 0"));
        }
        return new JsonTokenizer(utf8, offset, length);
    }

    /** Skips whitespace; returns the next byte (0..255) without taking it, or -1 at the end of the text. */
    int peek() {
        while (pos < end) {
            int b = in[pos] & 0xFF;
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
            pos++;
        }
        return -1;
    }

    /** Skips whitespace and takes {@code c}, or refuses the text. */
    void expect(char c) throws RejectedException {
        if (peek() != c) {
            throw malformed("expected '" + c + "'");
        }
        pos++;
    }

    /** Takes the opening bracket the tokenizer is on; true, with the closing one taken too, when nothing is between. */
    boolean opensEmpty(char close) {
        pos++;
        if (peek() == close) {
            pos++;
            return true;
        }
        return false;
    }

    /** After a member or an element: true at a comma (another follows), false past the closing bracket. */
    boolean more(char close) throws RejectedException {
        int next = peek();
        if (next == ',') {
            pos++;
            return true;
        }
        if (next != close) {
            throw malformed("expected ',' or '" + close + "'");
        }
        pos++;
        return false;
    }

    /**
     * Whether the object the tokenizer is on (at its opening brace) starts with a name whose first character is a
     * plain {@code $}: the sign of an Extended JSON wrapper such as {@code {"$date": ...}}. Takes nothing.
     */
    boolean opensWithDollarName() {
        int p = pos + 1;
        while (p < end && (in[p] == ' ' || in[p] == '\n' || in[p] == '\r' || in[p] == '\t')) {
            p++;
        }
        return p + 1 < end && in[p] == '"' && in[p + 1] == '$';
    }

    /** Where the tokenizer is, as a byte offset into the text. */
    int offset() {
        return pos - start;
    }

    /** Goes back to an offset {@link #offset} returned, to read a value again. */
    void reset(int offset) {
        pos = start + offset;
    }

    /** Refuses the text as malformed at the tokenizer's position: {@code problem} there, or an early end. */
    RejectedException malformed(String problem) {
        return new RejectedException(Rejection.of(
                ErrorCode.INVALID_JSON,
                pos >= end
                        ? "malformed JSON: unexpected end of input"
                        : "malformed JSON: " + problem + " at byte " + offset()));
    }

    /**
     * Reads the string the tokenizer is on (at its opening quote) and appends its text, unescaped, as UTF-8 to
     * {@code out}; returns {@link #HAS_NUL} and {@link #LONE_SURROGATE} flags. Unescaped runs are copied as they
     * are: the bytes were checked as UTF-8 before.
     */
    int string(BsonWriter out) throws RejectedException {
        int flags = 0;
        int p = pos + 1;
        while (true) {
            int run = p;
            while (p < end) {
                int b = in[p];
                if (b == '"' || b == '\\' || (b >= 0 && b < 0x20)) {
                    break;
                }
                p++;
            }
            out.bytes(in, run, p - run);
            pos = p;
            if (p >= end) {
                throw malformed("unterminated string");
            }
            byte b = in[p];
            if (b == '"') {
                pos = p + 1;
                return flags;
            }
            if (b != '\\') {
                throw malformed("a control character in a string must be escaped");
            }
            flags |= escape(out);
            p = pos;
        }
    }

    /** Reads the escape at the tokenizer's position (its backslash) into {@code out}; returns its string flags. */
    private int escape(BsonWriter out) throws RejectedException {
        if (pos + 1 >= end) {
            pos = end;
            throw malformed("unterminated string");
        }
        byte kind = in[pos + 1];
        byte simple = switch (kind) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> 0;
            default -> throw malformed("invalid escape");
        };
        if (kind != 'u') {
            out.put(simple);
            pos += 2;
            return 0;
        }
        int c = hex4(pos + 2);
        pos += 6;
        if (Character.isHighSurrogate((char) c) && pos + 1 < end && in[pos] == '\\' && in[pos + 1] == 'u') {
            int next = hex4(pos + 2);
            if (Character.isLowSurrogate((char) next)) {
                pos += 6;
                out.codePoint(Character.toCodePoint((char) c, (char) next));
                return 0;
            }
        }
        if (Character.isSurrogate((char) c)) {
            // No UTF-8 holds it, and the record is refused: a '?' stands for it in the error's path. The escape
            // after it, if any, is read on its own.
            out.put((byte) '?');
            return LONE_SURROGATE;
        }
        out.codePoint(c);
        return c == 0 ? HAS_NUL : 0;
    }

    private int hex4(int at) throws RejectedException {
        int value = 0;
        for (int i = at; i < at + 4; i++) {
            int digit = i < end ? Character.digit(in[i], 16) : -1;
            if (digit < 0) {
                pos = Math.min(i, end);
                throw malformed("invalid \\u escape");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /**
     * Reads the number the tokenizer is on. An integer (no fraction, no exponent) is kept exactly: see
     * {@link #integer()} or, beyond a long, {@link #digits()}; any other number is the double nearest to it.
     */
    NumberKind number() throws RejectedException {
        int first = pos;
        int p = in[pos] == '-' ? pos + 1 : pos;
        int digitsStart = p;
        if (p < end && in[p] == '0') {
            p++;
        } else {
            p = digits(p);
        }
        int digitsEnd = p;
        boolean integral = true;
        if (p < end && in[p] == '.') {
            p = digits(p + 1);
            integral = false;
        }
        if (p < end && (in[p] == 'e' || in[p] == 'E')) {
            p++;
            if (p < end && (in[p] == '+' || in[p] == '-')) {
                p++;
            }
            p = digits(p);
            integral = false;
        }
        pos = p;
        if (p - first > MAX_NUMBER_LENGTH) {
            return NumberKind.TOO_LONG;
        }
        if (!integral) {
            real = Double.parseDouble(new String(in, first, p - first, StandardCharsets.ISO_8859_1));
            return NumberKind.DOUBLE;
        }
        int count = digitsEnd - digitsStart;
        if (count <= SAFE_LONG_DIGITS) {
            long value = 0;
            for (int i = digitsStart; i < digitsEnd; i++) {
                value = value * 10 + (in[i] - '0');
            }
            integer = first == digitsStart ? value : -value;
            return integer == (int) integer ? NumberKind.INT32 : NumberKind.INT64;
        }
        digits = new String(in, first, p - first, StandardCharsets.ISO_8859_1);
        if (count <= 19) {
            var value = new BigInteger(digits);
            if (value.bitLength() < Long.SIZE) {
                integer = value.longValue();
                return NumberKind.INT64;
            }
        }
        return NumberKind.BIG_INTEGER;
    }

    /** Reads one or more digits from {@code p}; returns the position after them. */
    private int digits(int p) throws RejectedException {
        int from = p;
        while (p < end && in[p] >= '0' && in[p] <= '9') {
            p++;
        }
        if (p == from) {
            pos = p;
            throw malformed("invalid number");
        }
        return p;
    }

    /** The last number read, when an INT32 or INT64. */
    long integer() {
        return integer;
    }

    /** The last number read, when a DOUBLE (possibly infinite: too large for one). */
    double real() {
        return real;
    }

    /** The text of the last number read, when a BIG_INTEGER: a sign and digits, no leading zero. */
    String digits() {
        return digits;
    }

    /** Reads {@code true} or {@code false}, whichever the tokenizer is on. */
    boolean bool() throws RejectedException {
        boolean value = in[pos] == 't';
        literal(value ? TRUE : FALSE);
        return value;
    }

    /** Reads {@code null}. */
    void nil() throws RejectedException {
        literal(NULL);
    }

    /** The string the tokenizer is on, decoded; null when it holds an unpaired surrogate. */
    String text() throws RejectedException {
        if (scratch == null) {
            scratch = new BsonWriter(64);
        }
        scratch.truncate(0);
        if ((string(scratch) & LONE_SURROGATE) != 0) {
            return null;
        }
        return new String(scratch.array(), 0, scratch.size(), StandardCharsets.UTF_8);
    }

    /**
     * Reads the text of a string, or of an object whose only member is named {@code name} and holds a string
     * ({@code {"$oid": "..."}}, say); null for any other value, read only as far as needed to tell.
     */
    String wrappedText(String name) throws RejectedException {
        int next = peek();
        if (next == '"') {
            return text();
        }
        if (next != '{') {
            return null;
        }
        pos++;
        if (peek() != '"' || !name.equals(text())) {
            return null;
        }
        expect(':');
        if (peek() != '"') {
            return null;
        }
        String text = text();
        if (peek() != '}') {
            return null;
        }
        pos++;
        return text;
    }

    /**
     * Reads the value the tokenizer is on only to check it is JSON. {@code depth} is that value's depth; returns
     * false, having stopped there, at an object or array deeper than {@code maxDepth}.
     */
    boolean skipValue(int depth, int maxDepth) throws RejectedException {
        int next = peek();
        if ((next == '{' || next == '[') && depth > maxDepth) {
            return false;
        }
        switch (next) {
            case '{' -> {
                if (opensEmpty('}')) {
                    return true;
                }
                do {
                    if (peek() != '"') {
                        throw malformed("expected a field name");
                    }
                    text();
                    expect(':');
                    if (!skipValue(depth + 1, maxDepth)) {
                        return false;
                    }
                } while (more('}'));
            }
            case '[' -> {
                if (opensEmpty(']')) {
                    return true;
                }
                do {
                    if (!skipValue(depth + 1, maxDepth)) {
                        return false;
                    }
                } while (more(']'));
            }
            case '"' -> text();
            case 't', 'f' -> bool();
            case 'n' -> nil();
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number();
            default -> throw malformed("unexpected character");
        }
        return true;
    }

    private void literal(byte[] word) throws RejectedException {
        for (byte b : word) {
            if (pos >= end || in[pos] != b) {
                throw malformed("unexpected character");
            }
            pos++;
        }
    }
}
