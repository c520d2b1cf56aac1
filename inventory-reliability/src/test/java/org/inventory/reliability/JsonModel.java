package org.inventory.reliability;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.bson.types.ObjectId;

/**
 * Generated JSON with the record rules known in advance: a message renders to text, and {@link #violation}
 * says which rule of the README's Ingest section it breaks first (or none), so a property can demand the parser's exact verdict.
 */
final class JsonModel {
    /** The deepest nesting a record may have; the record itself is level 1. */
    static final int MAX_DEPTH = 32;
    /** Integers are kept exactly up to this many digits (Decimal128). */
    static final int MAX_DIGITS = 34;

    private JsonModel() {}

    sealed interface Json {
        void render(StringBuilder out);
    }

    record Null() implements Json {
        @Override
        public void render(StringBuilder out) {
            out.append("null");
        }
    }

    record Bool(boolean value) implements Json {
        @Override
        public void render(StringBuilder out) {
            out.append(value);
        }
    }

    /** A number as written: {@code integer} tells JSON integers (kept exactly) from numbers with a fraction or exponent. */
    record Num(String text, boolean integer) implements Json {
        @Override
        public void render(StringBuilder out) {
            out.append(text);
        }

        boolean fits() {
            if (integer) {
                return new BigInteger(text).abs().toString().length() <= MAX_DIGITS;
            }
            return Double.isFinite(Double.parseDouble(text));
        }
    }

    record Str(String value) implements Json {
        @Override
        public void render(StringBuilder out) {
            quote(value, out);
        }
    }

    record Arr(List<Json> items) implements Json {
        @Override
        public void render(StringBuilder out) {
            out.append('[');
            for (int i = 0; i < items.size(); i++) {
                out.append(i == 0 ? "" : ",");
                items.get(i).render(out);
            }
            out.append(']');
        }
    }

    record Field(String name, Json value) {}

    /** An object as written, field names possibly repeated. */
    record Obj(List<Field> fields) implements Json {
        @Override
        public void render(StringBuilder out) {
            out.append('{');
            for (int i = 0; i < fields.size(); i++) {
                out.append(i == 0 ? "" : ",");
                quote(fields.get(i).name(), out);
                out.append(':');
                fields.get(i).value().render(out);
            }
            out.append('}');
        }
    }

    /** One ingest message: a single record, or a batch (possibly empty) of records. */
    record Message(List<Obj> records, boolean batch) {
        String text() {
            var out = new StringBuilder();
            if (batch) {
                new Arr(List.copyOf(records)).render(out);
            } else {
                records.getFirst().render(out);
            }
            return out.toString();
        }
    }

    /** The first rule a message breaks, as the parser must report it: its code and, for a bad record, its index. */
    record Violation(String code, int index) {}

    static Optional<Violation> violation(Message message, int maxBatch) {
        if (message.batch() && message.records().isEmpty()) {
            return Optional.of(new Violation("invalid_record", -1));
        }
        for (int i = 0; i < message.records().size(); i++) {
            if (i == maxBatch) {
                return Optional.of(new Violation("batch_too_large", -1));
            }
            if (!validRecord(message.records().get(i))) {
                return Optional.of(new Violation("invalid_record", i));
            }
        }
        return Optional.empty();
    }

    private static boolean validRecord(Obj record) {
        var names = new HashSet<String>();
        for (Field field : record.fields()) {
            if (!names.add(field.name())) {
                return false;
            }
            boolean ok = field.name().equals("_id")
                    ? validId(field.value())
                    : validName(field.name()) && validValue(field.value(), 1);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A 24-hex-digit string, or {@code {"$oid": "<24 hex digits>"}} and nothing else. */
    static boolean validId(Json id) {
        if (id instanceof Obj(List<Field> fields)
                && fields.size() == 1
                && fields.getFirst().name().equals("$oid")) {
            id = fields.getFirst().value();
        }
        return id instanceof Str(String hex) && hex.length() == 24 && ObjectId.isValid(hex);
    }

    private static boolean validName(String name) {
        return !name.startsWith("$") && name.indexOf('\0') < 0 && validText(name);
    }

    /** Text that UTF-8 can hold: no unpaired surrogate. */
    private static boolean validText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A value at {@code depth} (the level of the object or array holding it). */
    private static boolean validValue(Json value, int depth) {
        return switch (value) {
            case Null n -> true;
            case Bool b -> true;
            case Num number -> number.fits();
            case Str(String text) -> validText(text);
            case Arr(List<Json> items) ->
                depth + 1 <= MAX_DEPTH && items.stream().allMatch(item -> validValue(item, depth + 1));
            // {"$oid": <24 hex digits>} is an ObjectId wherever it stands (Extended JSON); with anything else in it,
            // or another value, a "$" name as any other.
            case Obj(List<Field> fields)
            when fields.size() == 1 && fields.getFirst().name().equals("$oid") -> validId(value);
            case Obj(List<Field> fields) -> {
                var names = new HashSet<String>();
                yield depth + 1 <= MAX_DEPTH
                        && fields.stream()
                                .allMatch(field -> names.add(field.name())
                                        && validName(field.name())
                                        && validValue(field.value(), depth + 1));
            }
        };
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped, surrogates as {@code \\uXXXX} escapes. */
    static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    // Some non-ASCII as escapes too, so that both ways of writing it are tried.
                    if (c < 0x20 || Character.isSurrogate(c) || (c > 0x7F && c % 3 == 0)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
