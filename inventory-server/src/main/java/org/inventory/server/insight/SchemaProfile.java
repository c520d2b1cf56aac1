package org.inventory.server.insight;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;

/**
 * The schema of a sample of records, computed here over the records (not by the store): every field path (an
 * array's elements as {@code path[]}, their fields as {@code path[].name}), the share of the records that have it,
 * its types with the share of its values of each, and per type: for numbers min, max, mean and a histogram of at
 * most {@value #BINS} bins; for strings the number of distinct values (counted up to {@value #MAX_DISTINCT}) and
 * the {@value #TOP} most frequent; for dates min, max and a histogram; for arrays the least and greatest length.
 * Not thread-safe; one per request.
 */
final class SchemaProfile {
    static final int BINS = 20;
    static final int MAX_DISTINCT = 1000;
    static final int TOP = 10;

    private final Map<String, Field> fields = new LinkedHashMap<>();
    private int records;

    /** One path's figures. */
    static final class Field {
        final String path;
        /** Records that have the path at least once. */
        int records;
        /** Values seen at the path (more than the records for the elements of arrays). */
        int values;

        final Map<String, TypeFigures> types = new LinkedHashMap<>();

        Field(String path) {
            this.path = path;
        }
    }

    /** One type's figures at one path. */
    static final class TypeFigures {
        final String type;
        int count;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        final List<Double> numbers = new ArrayList<>();
        final Map<String, Integer> strings = new HashMap<>();
        boolean moreDistinct;
        int minLength = Integer.MAX_VALUE;
        int maxLength;

        TypeFigures(String type) {
            this.type = type;
        }
    }

    void add(BsonDocument record) {
        records++;
        var seen = new HashSet<String>();
        walk("", record, seen);
    }

    int records() {
        return records;
    }

    List<Field> fields() {
        return List.copyOf(fields.values());
    }

    private void walk(String prefix, BsonDocument document, Set<String> seen) {
        for (var entry : document.entrySet()) {
            value(prefix + entry.getKey(), entry.getValue(), seen);
        }
    }

    private void value(String path, BsonValue value, Set<String> seen) {
        Field field = fields.computeIfAbsent(path, Field::new);
        if (seen.add(path)) {
            field.records++;
        }
        field.values++;
        String type = typeName(value.getBsonType());
        TypeFigures figures = field.types.computeIfAbsent(type, TypeFigures::new);
        figures.count++;
        switch (value.getBsonType()) {
            case INT32, INT64, DOUBLE, DECIMAL128 ->
                number(figures, value.asNumber().doubleValue());
            case DATE_TIME -> number(figures, (double) value.asDateTime().getValue());
            case STRING -> {
                String text = value.asString().getValue();
                if (figures.strings.containsKey(text) || figures.strings.size() < MAX_DISTINCT) {
                    figures.strings.merge(text, 1, Integer::sum);
                } else {
                    figures.moreDistinct = true;
                }
            }
            case DOCUMENT -> walk(path + ".", value.asDocument(), seen);
            case ARRAY -> {
                var array = value.asArray();
                figures.minLength = Math.min(figures.minLength, array.size());
                figures.maxLength = Math.max(figures.maxLength, array.size());
                for (BsonValue element : array) {
                    value(path + "[]", element, seen);
                }
            }
            default -> {}
        }
    }

    private static void number(TypeFigures figures, double number) {
        if (Double.isNaN(number)) {
            return;
        }
        figures.min = Math.min(figures.min, number);
        figures.max = Math.max(figures.max, number);
        figures.sum += number;
        figures.numbers.add(number);
    }

    /** The type's name as MongoDB's {@code $type} names it. */
    static String typeName(BsonType type) {
        return switch (type) {
            case INT32 -> "int";
            case INT64 -> "long";
            case DOUBLE -> "double";
            case DECIMAL128 -> "decimal";
            case STRING -> "string";
            case BOOLEAN -> "bool";
            case DATE_TIME -> "date";
            case OBJECT_ID -> "objectId";
            case NULL -> "null";
            case DOCUMENT -> "object";
            case ARRAY -> "array";
            case BINARY -> "binData";
            case TIMESTAMP -> "timestamp";
            case REGULAR_EXPRESSION -> "regex";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** A histogram of at most {@value #BINS} bins of equal width from min to max; one bin when they are equal. */
    static long[] histogram(List<Double> numbers, double min, double max) {
        if (numbers.isEmpty()) {
            return new long[0];
        }
        int bins = min == max ? 1 : Math.min(BINS, numbers.size());
        long[] counts = new long[bins];
        double width = (max - min) / bins;
        for (double number : numbers) {
            int bin = width == 0 ? 0 : (int) Math.min(bins - 1, Math.floor((number - min) / width));
            counts[bin]++;
        }
        return counts;
    }

    /** {@code {"path":…,"share":…,"count":…,"types":[…]}} per field, in the order first seen. */
    void writeFields(JsonGenerator out) throws IOException {
        out.writeStartArray();
        for (Field field : fields.values()) {
            out.writeStartObject();
            out.writeStringField("path", field.path);
            out.writeNumberField("count", field.records);
            out.writeNumberField("share", share(field.records, records));
            out.writeArrayFieldStart("types");
            for (TypeFigures figures : field.types.values().stream()
                    .sorted(Comparator.comparingInt((TypeFigures t) -> -t.count))
                    .toList()) {
                writeType(figures, field.values, out);
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private static void writeType(TypeFigures figures, int values, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", figures.type);
        out.writeNumberField("count", figures.count);
        out.writeNumberField("share", share(figures.count, values));
        boolean date = figures.type.equals("date");
        if (!figures.numbers.isEmpty()) {
            double width = (figures.max - figures.min)
                    / Math.max(1, histogram(figures.numbers, figures.min, figures.max).length);
            long[] bins = histogram(figures.numbers, figures.min, figures.max);
            if (date) {
                out.writeStringField(
                        "min", Instant.ofEpochMilli((long) figures.min).toString());
                out.writeStringField(
                        "max", Instant.ofEpochMilli((long) figures.max).toString());
            } else {
                out.writeNumberField("min", figures.min);
                out.writeNumberField("max", figures.max);
                out.writeNumberField("mean", figures.sum / figures.numbers.size());
            }
            out.writeArrayFieldStart("histogram");
            for (int i = 0; i < bins.length; i++) {
                double from = figures.min + i * width;
                double to = i == bins.length - 1 ? figures.max : figures.min + (i + 1) * width;
                out.writeStartObject();
                if (date) {
                    out.writeStringField(
                            "from", Instant.ofEpochMilli((long) from).toString());
                    out.writeStringField("to", Instant.ofEpochMilli((long) to).toString());
                } else {
                    out.writeNumberField("from", from);
                    out.writeNumberField("to", to);
                }
                out.writeNumberField("count", bins[i]);
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        if (figures.type.equals("string")) {
            out.writeNumberField("distinct", figures.strings.size());
            out.writeBooleanField("distinct_capped", figures.moreDistinct);
            out.writeArrayFieldStart("top");
            for (var top : figures.strings.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(TOP)
                    .toList()) {
                out.writeStartObject();
                out.writeStringField("value", top.getKey());
                out.writeNumberField("count", top.getValue());
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        if (figures.type.equals("array")) {
            out.writeNumberField("min_length", figures.minLength);
            out.writeNumberField("max_length", figures.maxLength);
        }
        out.writeEndObject();
    }

    private static double share(int part, int whole) {
        return whole == 0 ? 0 : Math.round(part * 10000.0 / whole) / 10000.0;
    }
}
