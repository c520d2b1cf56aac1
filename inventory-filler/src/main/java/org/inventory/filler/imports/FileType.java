package org.inventory.filler.imports;

import java.util.Locale;
import java.util.Optional;

/** The formats the loader imports (docs/loader.md, Import). */
public enum FileType {
    /** One JSON object per line (also called JSON Lines). */
    NDJSON,
    /** A JSON array of objects, or JSON objects one after another. */
    JSON,
    /** RFC 4180 comma-separated values with a header line. */
    CSV;

    /** The type a file's name says, after a {@code .gz} ending: {@code .ndjson}/{@code .jsonl}, {@code .json}, {@code .csv}. */
    public static Optional<FileType> fromName(String name) {
        String lower = withoutGz(name.toLowerCase(Locale.ROOT));
        if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) {
            return Optional.of(NDJSON);
        }
        if (lower.endsWith(".json")) {
            return Optional.of(JSON);
        }
        if (lower.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        return Optional.empty();
    }

    public static boolean gzipped(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    private static String withoutGz(String lower) {
        return gzipped(lower) ? lower.substring(0, lower.length() - 3) : lower;
    }
}
