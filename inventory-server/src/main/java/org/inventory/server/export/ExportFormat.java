package org.inventory.server.export;

import io.helidon.http.HttpMediaType;
import java.util.List;

/** The formats of {@code /export}: what the client names, the content type, and the file name's extension. */
enum ExportFormat {
    NDJSON("application/x-ndjson", "ndjson"),
    CSV("text/csv; charset=utf-8; header=present", "csv"),
    JSON("application/json", "json");

    static final List<String> NAMES = List.of("ndjson", "csv", "json");

    @SuppressWarnings("ImmutableEnumChecker") // Helidon's media types are immutable, though not annotated so
    private final HttpMediaType type;

    private final String extension;

    ExportFormat(String type, String extension) {
        this.type = HttpMediaType.create(type);
        this.extension = extension;
    }

    static ExportFormat named(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    HttpMediaType type() {
        return type;
    }

    String extension() {
        return extension;
    }
}
