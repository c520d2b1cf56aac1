package org.inventory.filler.imports;

import java.util.Locale;

/**
 * What becomes of a CSV cell that does not parse as its column's type ({@code --parse-grace}, as mongoimport's):
 * {@code stop} ends the import there, naming the line, the column and the value; {@code skip-field} leaves that
 * field out of the record; {@code skip-row} refuses the row's record, reported as any refused record, and goes on.
 */
public enum ParseGrace {
    STOP,
    SKIP_FIELD,
    SKIP_ROW;

    /** The option's spelling: {@code stop}, {@code skip-field}, {@code skip-row}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads the option's spelling; picocli's converter. */
    public static ParseGrace parse(String text) {
        for (ParseGrace grace : values()) {
            if (grace.toString().equals(text)) {
                return grace;
            }
        }
        throw new IllegalArgumentException("expected stop, skip-field or skip-row, not '" + text + "'");
    }
}
