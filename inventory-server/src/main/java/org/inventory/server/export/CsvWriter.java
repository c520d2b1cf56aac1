package org.inventory.server.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.inventory.core.RecordJson;

/**
 * Records as CSV rows (RFC 4180): fields separated by commas, lines ended by CRLF, a field quoted when it holds a
 * comma, a quote, CR or LF, with its quotes doubled. A cell of text that starts with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a CR gets a leading {@code '}, so a spreadsheet shows it rather than running it as a formula;
 * numbers are written as numbers, dates as ISO-8601 in UTC. Nested values are compact JSON; a missing field or
 * {@code null} an empty cell.
 * <p>
 * When every column is a top-level field, a row is read straight from the record's BSON bytes, each value turned into
 * its cell as it comes and nested values written as JSON by one generator kept for the export; a dotted column
 * ({@code price.amount}) needs the record decoded to reach inside it.
 */
final class CsvWriter {
    private static final BsonDocumentCodec DOCUMENTS = new BsonDocumentCodec();

    private final Writer out;
    private final List<String> columns;
    private final String[][] paths;
    private final Map<String, Integer> topLevel = new HashMap<>();
    private final boolean allTopLevel;
    private final String[] cells;
    private final StringWriter json = new StringWriter();
    private final JsonGenerator generator;

    CsvWriter(Writer out, List<String> columns) throws IOException {
        this.out = out;
        this.columns = List.copyOf(columns);
        this.paths = columns.stream().map(column -> column.split("\\.")).toArray(String[][]::new);
        for (int i = 0; i < columns.size(); i++) {
            topLevel.putIfAbsent(columns.get(i), i);
        }
        this.allTopLevel = columns.stream().noneMatch(column -> column.contains("."));
        this.cells = new String[columns.size()];
        this.generator = RecordJson.FACTORY.createGenerator(json);
        generator.setRootValueSeparator(null);
    }

    void header() throws IOException {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            cell(text(columns.get(i)));
        }
        out.write("\r\n");
    }

    void row(RawBsonDocument record) throws IOException {
        if (allTopLevel) {
            Arrays.fill(cells, null);
            try (BsonReader reader = new BsonBinaryReader(record.getByteBuffer().asNIO())) {
                reader.readStartDocument();
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    Integer column = topLevel.get(reader.readName());
                    if (column == null) {
                        reader.skipValue();
                    } else {
                        cells[column] = cellText(reader);
                    }
                }
            }
        } else {
            BsonDocument decoded = record.decode(DOCUMENTS);
            for (int i = 0; i < paths.length; i++) {
                BsonValue value = valueAt(decoded, paths[i]);
                cells[i] = value == null ? null : cellText(value);
            }
        }
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            if (cells[i] != null) {
                cell(cells[i]);
            }
        }
        out.write("\r\n");
    }

    /** The cell of the value the reader is at, read as it comes: text and scalars directly, the rest as JSON. */
    private String cellText(BsonReader reader) throws IOException {
        return switch (reader.getCurrentBsonType()) {
            case STRING -> text(reader.readString());
            case OBJECT_ID -> reader.readObjectId().toHexString();
            case INT32 -> Integer.toString(reader.readInt32());
            case INT64 -> Long.toString(reader.readInt64());
            case BOOLEAN -> Boolean.toString(reader.readBoolean());
            case DATE_TIME -> RecordJson.isoDate(reader.readDateTime());
            case DECIMAL128 -> reader.readDecimal128().toString();
            case NULL -> {
                reader.readNull();
                yield "";
            }
            // Doubles, binaries, nested documents and arrays as the JSON view writes them.
            default -> {
                json.getBuffer().setLength(0);
                RecordJson.writeValue(reader, generator);
                generator.flush();
                yield json.toString();
            }
        };
    }

    /** The value at a dotted path, or null: a column named {@code price.amount} reads inside {@code price}. */
    private static BsonValue valueAt(BsonDocument record, String[] path) {
        BsonValue value = record.get(path[0]);
        for (int i = 1; i < path.length && value != null; i++) {
            value = value.isDocument() ? value.asDocument().get(path[i]) : null;
        }
        return value;
    }

    private static String cellText(BsonValue value) {
        return switch (value.getBsonType()) {
            case STRING -> text(value.asString().getValue());
            case OBJECT_ID -> value.asObjectId().getValue().toHexString();
            case NULL -> "";
            case INT32 -> Integer.toString(value.asInt32().getValue());
            case INT64 -> Long.toString(value.asInt64().getValue());
            case BOOLEAN -> Boolean.toString(value.asBoolean().getValue());
            case DATE_TIME -> RecordJson.isoDate(value.asDateTime().getValue());
            case DECIMAL128 -> value.asDecimal128().getValue().toString();
            // Doubles, binaries, nested documents and arrays as the JSON view writes them.
            default -> RecordJson.compact(value);
        };
    }

    /** Text as a spreadsheet must show it: with a leading {@code '} when it would start a formula. */
    static String text(String text) {
        if (!text.isEmpty()) {
            switch (text.charAt(0)) {
                case '=', '+', '-', '@', '\t', '\r' -> {
                    return "'" + text;
                }
                default -> {}
            }
        }
        return text;
    }

    private void cell(String text) throws IOException {
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.write(text);
            return;
        }
        out.write('"');
        out.write(text.replace("\"", "\"\""));
        out.write('"');
    }
}
