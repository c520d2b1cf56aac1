package org.inventory.filler.imports;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * The type a CSV header gives its column, as mongoimport's {@code --columnsHaveTypes} writes it:
 * {@code quantity.int32()}, {@code updated_at.date(2006-01-02)}. Types: {@code auto} (a column without a type:
 * JSON numbers as numbers, {@code true}/{@code false} as booleans, the rest as text), {@code string},
 * {@code int32}, {@code int64}, {@code double}, {@code decimal}, {@code boolean}, {@code date(layout)} (the layout
 * in Go's reference time, {@code Mon Jan 2 15:04:05 MST 2006}, as mongoimport reads it), {@code date_iso8601} and
 * {@code oid}. A cell is written as the JSON, Extended JSON where needed, that the record rules store as that
 * type.
 */
record ColumnType(String name, DateTimeFormatter layout) {
    static final ColumnType AUTO = new ColumnType("auto", null);
    static final ColumnType STRING = new ColumnType("string", null);

    private static final Set<String> PLAIN =
            Set.of("auto", "string", "int32", "int64", "double", "decimal", "boolean", "date_iso8601", "oid");
    /** A header name with a type: the field's name, the type's name, and what its parentheses hold. */
    private static final Pattern TYPED = Pattern.compile("(.+)\\.([A-Za-z0-9_]+)\\((.*)\\)");

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern REAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    /** The field name and type of a header name: the name as it is, with type auto, when it names no type. */
    record Column(String field, ColumnType type) {}

    /** Reads a header name; throws with the reason for a type that is not one of these or a bad layout. */
    static Column parse(String header) throws IllegalArgumentException {
        Matcher typed = TYPED.matcher(header);
        if (!typed.matches()) {
            return new Column(header, AUTO);
        }
        String type = typed.group(2);
        String argument = typed.group(3);
        if (type.equals("date")) {
            if (argument.isEmpty()) {
                throw new IllegalArgumentException("date() needs a layout in Go's reference time, date(2006-01-02)");
            }
            return new Column(typed.group(1), new ColumnType("date(" + argument + ")", GoLayout.formatter(argument)));
        }
        if (!PLAIN.contains(type)) {
            throw new IllegalArgumentException(
                    "unknown column type " + type + "(); the types are auto() string() int32()"
                            + " int64() double() decimal() boolean() date(layout) date_iso8601() oid()");
        }
        if (!argument.isEmpty()) {
            throw new IllegalArgumentException(type + "() takes nothing between its parentheses");
        }
        return new Column(typed.group(1), type.equals("auto") ? AUTO : new ColumnType(type, null));
    }

    /** Whether a non-empty cell parses as this type. */
    boolean accepts(String cell) {
        try {
            write(cell, null);
            return true;
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException(e); // no generator, no writing
        }
    }

    /**
     * Writes a non-empty cell as this type's JSON to {@code out} (when not null); throws an unchecked exception
     * when the cell does not parse as this type.
     */
    void write(String cell, JsonGenerator out) throws IOException {
        switch (name) {
            case "auto" -> auto(cell, out);
            case "string" -> {
                if (out != null) {
                    out.writeString(cell);
                }
            }
            case "int32" -> {
                int value = Integer.parseInt(integer(cell));
                if (out != null) {
                    out.writeNumber(value);
                }
            }
            case "int64" -> wrapped(out, "$numberLong", Long.toString(Long.parseLong(integer(cell))));
            case "double" -> {
                double value = real(cell);
                wrapped(out, "$numberDouble", Double.isNaN(value) ? "NaN" : Double.toString(value));
            }
            case "decimal" ->
                wrapped(out, "$numberDecimal", Decimal128.parse(cell.strip()).toString());
            case "boolean" -> {
                boolean value = bool(cell);
                if (out != null) {
                    out.writeBoolean(value);
                }
            }
            case "date_iso8601" -> date(iso8601(cell.strip()), out);
            case "oid" -> {
                String hex = cell.strip();
                if (hex.length() != 24 || !ObjectId.isValid(hex)) {
                    throw new IllegalArgumentException("not 24 hex digits");
                }
                wrapped(out, "$oid", hex.toLowerCase(Locale.ROOT));
            }
            default -> date(GoLayout.parse(cell, layout), out);
        }
    }

    private static void auto(String cell, JsonGenerator out) throws IOException {
        if (out == null) {
            return;
        }
        if (cell.equals("true") || cell.equals("false")) {
            out.writeBoolean(cell.equals("true"));
        } else if (CsvHeader.isJsonNumber(cell)) {
            // As written: the record rules make it an int32, int64, exact big integer or double, as for JSON.
            out.writeNumber(cell);
        } else {
            out.writeString(cell);
        }
    }

    private static String integer(String cell) {
        String text = cell.strip();
        if (!INTEGER.matcher(text).matches()) {
            throw new IllegalArgumentException("not an integer");
        }
        return text.startsWith("+") ? text.substring(1) : text;
    }

    /** A double as Go's ParseFloat reads one in decimal: a sign, digits, a fraction, an exponent, or Inf and NaN. */
    private static double real(String cell) {
        String text = cell.strip();
        String word = text.toLowerCase(Locale.ROOT);
        switch (word.startsWith("+") || word.startsWith("-") ? word.substring(1) : word) {
            case "inf", "infinity" -> {
                return word.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            case "nan" -> {
                return Double.NaN;
            }
            default -> {}
        }
        if (!REAL.matcher(text).matches()) {
            throw new IllegalArgumentException("not a number");
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException("beyond the range of a double");
        }
        return value;
    }

    /** The words Go's ParseBool takes, as mongoimport's boolean() does. */
    private static boolean bool(String cell) {
        return switch (cell.strip()) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    /** ISO-8601: a date, or a date and time with an offset or Z, or without one (taken as UTC). */
    private static Instant iso8601(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            // not with an offset
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            // not a date and time
        }
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static void date(Instant instant, JsonGenerator out) throws IOException {
        // Canonical: right for every year, where the relaxed ISO form holds only 1970 to 9999.
        if (out != null) {
            out.writeStartObject();
            out.writeFieldName("$date");
            wrapped(out, "$numberLong", Long.toString(instant.toEpochMilli()));
            out.writeEndObject();
        }
    }

    private static void wrapped(JsonGenerator out, String name, String text) throws IOException {
        if (out != null) {
            out.writeStartObject();
            out.writeStringField(name, text);
            out.writeEndObject();
        }
    }

    /**
     * Go's time layouts (the reference time {@code Mon Jan 2 15:04:05 MST 2006} written as the dates should
     * look) as java.time formatters, for the layouts mongoimport's {@code date(layout)} takes. A date without a
     * time is midnight; a time without a zone or offset is UTC, as in Go.
     */
    static final class GoLayout {
        /** Go's layout elements, longest first where one starts another, and what java.time writes for each. */
        private static final String[][] ELEMENTS = {
            {"January", "MMMM"},
            {"Jan", "MMM"},
            {"Monday", "EEEE"},
            {"Mon", "EEE"},
            {"MST", "z"},
            {"2006", "uuuu"},
            {"Z07:00:00", "XXXXX"},
            {"-07:00:00", "xxxxx"},
            {"Z07:00", "XXX"},
            {"-07:00", "xxx"},
            {"Z0700", "XX"},
            {"-0700", "xx"},
            {"Z07", "X"},
            {"-07", "x"},
            {"002", "DDD"},
            {"01", "MM"},
            {"02", "dd"},
            {"_2", "ppd"},
            {"03", "hh"},
            {"04", "mm"},
            {"05", "ss"},
            {"06", "uu"},
            {"15", "HH"},
            {"PM", "a"},
            {"pm", "a"},
            {"1", "M"},
            {"2", "d"},
            {"3", "h"},
            {"4", "m"},
            {"5", "s"},
        };

        private GoLayout() {}

        static DateTimeFormatter formatter(String layout) {
            var builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
            var literal = new StringBuilder();
            int i = 0;
            outer:
            while (i < layout.length()) {
                // Fractional seconds: ".000" (exactly that many digits) or ".999" (up to that many).
                if ((layout.charAt(i) == '.' || layout.charAt(i) == ',')
                        && i + 1 < layout.length()
                        && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
                    char digit = layout.charAt(i + 1);
                    int end = i + 1;
                    while (end < layout.length() && layout.charAt(end) == digit) {
                        end++;
                    }
                    if (end == layout.length() || !Character.isDigit(layout.charAt(end))) {
                        flush(builder, literal);
                        int digits = end - i - 1;
                        builder.appendFraction(ChronoField.NANO_OF_SECOND, digit == '0' ? digits : 0, digits, true);
                        i = end;
                        continue;
                    }
                }
                for (String[] element : ELEMENTS) {
                    if (layout.startsWith(element[0], i)) {
                        flush(builder, literal);
                        builder.appendPattern(element[1]);
                        i += element[0].length();
                        continue outer;
                    }
                }
                literal.append(layout.charAt(i++));
            }
            flush(builder, literal);
            return builder.toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
        }

        private static void flush(DateTimeFormatterBuilder builder, StringBuilder literal) {
            if (!literal.isEmpty()) {
                builder.appendLiteral(literal.toString());
                literal.setLength(0);
            }
        }

        static Instant parse(String text, DateTimeFormatter formatter) {
            TemporalAccessor parsed = formatter.parse(text.strip());
            LocalDate date = parsed.query(TemporalQueries.localDate());
            if (date == null) {
                throw new DateTimeException("the layout names no whole date");
            }
            LocalTime time = Optional.ofNullable(parsed.query(TemporalQueries.localTime()))
                    .orElse(LocalTime.MIDNIGHT);
            ZoneId zone =
                    Optional.ofNullable(parsed.query(TemporalQueries.zone())).orElse(ZoneOffset.UTC);
            return date.atTime(time).atZone(zone).toInstant();
        }
    }

    /** For messages: {@code int32}, {@code date(2006-01-02)}. */
    @Override
    public String toString() {
        return name;
    }
}
