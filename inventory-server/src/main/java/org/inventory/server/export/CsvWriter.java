package org.inventory.server.export;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.inventory.core.RecordJson;

/**
 * Records as CSV rows (RFC 4180): fields separated by commas, lines ended by CRLF, a field quoted when it holds a
 * comma, a quote, CR or LF, with its quotes doubled. A cell of text that starts with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a CR gets a leading {@code '}, so a spreadsheet shows it rather than running it as a formula;
 * numbers are written as numbers. Nested values are compact JSON; a missing field or {@code null} an empty cell.
 */
final class CsvWriter {
    private final Writer out;
    private final List<String> columns;
    private final String[][] paths;

    CsvWriter(Writer out, List<String> columns) {
        this.out = out;
        this.columns = List.copyOf(columns);
        this.paths = columns.stream().map(column -> column.split("\\.")).toArray(String[][]::new);
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

    void row(BsonDocument record) throws IOException {
        for (int i = 0; i < paths.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            BsonValue value = valueAt(record, paths[i]);
            if (value != null) {
                cell(cellText(value));
            }
        }
        out.write("\r\n");
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
            // Doubles, decimals, nested documents and arrays as the JSON view writes them.
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
                default -> {
                }
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
