package org.inventory.filler.imports;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file's header line: the field each column fills, dotted names nesting ({@code price.amount} and
 * {@code price.currency} make {@code price: {amount, currency}}), in the order the names first appear. Writes a
 * row as a record: a cell written as a JSON number becomes that number, {@code true}/{@code false} a boolean, an
 * empty cell leaves its field out (and an object all of whose cells are empty), anything else is a string; the
 * {@code _id} column is always a string. A name may give its column a type, as mongoimport's
 * {@code --columnsHaveTypes} does ({@code quantity.int32()}; see {@link ColumnType}): its cells are written as that
 * type, and {@link #firstUnparsable} finds the cells that are not of it.
 */
final class CsvHeader {
    private final int columns;
    private final Group root;
    /** The cells of the columns, in the order of the columns. */
    private final List<Cell> cells;

    /** A field holding a column's cell, or an object holding other fields. */
    private sealed interface Field {}

    private record Cell(String name, int column, String header, ColumnType type) implements Field {}

    private record Group(String name, Map<String, Field> fields) implements Field {}

    private CsvHeader(int columns, Group root, List<Cell> cells) {
        this.columns = columns;
        this.root = root;
        this.cells = cells;
    }

    /** The header of these names; a name that is empty, repeated, or both a field and an object is an error. */
    static CsvHeader of(List<String> names) throws InvalidHeader {
        var root = new Group("", new LinkedHashMap<>());
        var cells = new Cell[names.size()];
        for (int column = 0; column < names.size(); column++) {
            String header = names.get(column);
            ColumnType.Column typed;
            try {
                typed = ColumnType.parse(header);
            } catch (IllegalArgumentException e) {
                throw new InvalidHeader("column " + (column + 1) + " '" + header + "': " + e.getMessage());
            }
            String name = typed.field();
            String[] parts = name.split("\\.", -1);
            Group group = root;
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (part.isEmpty()) {
                    throw new InvalidHeader("column " + (column + 1) + " '" + name + "' has an empty name"
                            + (parts.length > 1 ? " part" : ""));
                }
                Field existing = group.fields().get(part);
                if (i == parts.length - 1) {
                    if (existing != null) {
                        throw new InvalidHeader("column " + (column + 1) + " '" + name + "' "
                                + (existing instanceof Cell
                                        ? "repeats a name before it"
                                        : "is also an object of other columns"));
                    }
                    ColumnType type = ColumnType.AUTO.equals(typed.type()) && name.equals("_id")
                            ? ColumnType.STRING
                            : typed.type();
                    cells[column] = new Cell(part, column, header, type);
                    group.fields().put(part, cells[column]);
                } else if (existing instanceof Cell) {
                    throw new InvalidHeader("column " + (column + 1) + " '" + name + "' nests in '"
                            + String.join(".", List.of(parts).subList(0, i + 1)) + "', which is a column of its own");
                } else {
                    group = (Group) group.fields().computeIfAbsent(part, p -> new Group(p, new LinkedHashMap<>()));
                }
            }
        }
        return new CsvHeader(names.size(), root, List.of(cells));
    }

    int columns() {
        return columns;
    }

    /**
     * The first column, from {@code from} on, whose cell is not empty and does not parse as the column's type; -1
     * when every cell does.
     */
    int firstUnparsable(List<String> row, int from) {
        for (int column = from; column < cells.size(); column++) {
            Cell cell = cells.get(column);
            String value = row.get(column);
            if (!ColumnType.AUTO.equals(cell.type())
                    && !value.isEmpty()
                    && !cell.type().accepts(value)) {
                return column;
            }
        }
        return -1;
    }

    /** The column's name as the header writes it, {@code quantity.int32()}. */
    String header(int column) {
        return cells.get(column).header();
    }

    /** The type of the column. */
    ColumnType type(int column) {
        return cells.get(column).type();
    }

    /** Writes a row, as many cells as columns, as one JSON object. */
    void write(List<String> cells, JsonGenerator out) throws IOException {
        out.writeStartObject();
        writeFields(root, cells, out);
        out.writeEndObject();
    }

    private static void writeFields(Group group, List<String> cells, JsonGenerator out) throws IOException {
        for (Field field : group.fields().values()) {
            switch (field) {
                case Cell cell -> {
                    String value = cells.get(cell.column());
                    if (!value.isEmpty()) {
                        out.writeFieldName(cell.name());
                        cell.type().write(value, out);
                    }
                }
                case Group nested -> {
                    if (anyFilled(nested, cells)) {
                        out.writeObjectFieldStart(nested.name());
                        writeFields(nested, cells, out);
                        out.writeEndObject();
                    }
                }
            }
        }
    }

    private static boolean anyFilled(Group group, List<String> cells) {
        for (Field field : group.fields().values()) {
            boolean filled = switch (field) {
                case Cell cell -> !cells.get(cell.column()).isEmpty();
                case Group nested -> anyFilled(nested, cells);
            };
            if (filled) {
                return true;
            }
        }
        return false;
    }

    /** Whether the text is a number as JSON writes one: {@code -12}, {@code 3.50}, {@code 1e3}; not {@code 01}, {@code +1}, {@code .5}. */
    static boolean isJsonNumber(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        if (i == n) {
            return false;
        }
        if (s.charAt(i) == '0') {
            i++;
        } else {
            int start = i;
            i = digits(s, i);
            if (i == start) {
                return false;
            }
        }
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            i = digits(s, i);
            if (i == start) {
                return false;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int start = i;
            i = digits(s, i);
            if (i == start) {
                return false;
            }
        }
        return i == n;
    }

    private static int digits(String s, int i) {
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** The header line cannot name the fields. */
    static final class InvalidHeader extends Exception {
        InvalidHeader(String message) {
            super(message, null, false, false);
        }
    }
}
