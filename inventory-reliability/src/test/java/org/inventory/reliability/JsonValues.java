package org.inventory.reliability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;
import org.inventory.core.RecordJson;

/**
 * JSON text as plain Java values, for comparing two texts as JSON rather than as characters: objects become
 * maps (so field order does not matter), arrays lists, integers {@link java.math.BigInteger}s (exact at any
 * size), other numbers {@link Double}s (the store keeps them as doubles), and {@code null} null.
 */
final class JsonValues {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(10_000)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(100_000)
                    .build())
            .build();

    private JsonValues() {}

    /** The one JSON value of {@code text}; fails on malformed text or a repeated field name. */
    static Object parse(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            Object value = read(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value");
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stored record as the JSON the service shows for it ({@link RecordJson}), as values. */
    static Object of(RawBsonDocument stored) {
        var text = new StringWriter();
        try (JsonGenerator out = RecordJson.FACTORY.createGenerator(text)) {
            RecordJson.write(stored, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(text.toString());
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    if (object.containsKey(name)) {
                        throw new IllegalArgumentException("repeated field name " + name);
                    }
                    object.put(name, read(parser, parser.nextToken()));
                }
                // An ObjectId in Extended JSON: its hex digits in either case are the same id, shown in lower case.
                if (object.size() == 1 && object.get("$oid") instanceof String hex && ObjectId.isValid(hex)) {
                    object.put("$oid", hex.toLowerCase(Locale.ROOT));
                }
                yield object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(read(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getBigIntegerValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected " + token);
        };
    }
}
