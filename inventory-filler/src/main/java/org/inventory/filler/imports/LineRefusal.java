package org.inventory.filler.imports;

/**
 * A record of a file refused, by the server or by its rules before sending, as the user reads it:
 * {@code line L: code path message} (the path only when there is one).
 */
record LineRefusal(long line, String code, String path, String message) implements RecordCheck.Outcome {

    String text() {
        return "line " + line + ": " + code + (path == null || path.isEmpty() ? "" : " " + path) + " " + message;
    }
}
