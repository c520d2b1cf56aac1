package org.inventory.filler.imports;

/** One record as a reader found it in a file: its JSON, or why it cannot be a record; with the line it starts on. */
sealed interface FileRecord {

    long line();

    /** The record's JSON text, as UTF-8 bytes: {@code utf8[0..length)}. */
    @SuppressWarnings("ArrayRecordComponent") // a view of a reader's buffer, never compared or hashed
    record Json(long line, byte[] utf8, int length) implements FileRecord {}

    /** A record that cannot be sent as it stands (a ragged CSV row, a line over the size bound, ...). */
    record Refused(LineRefusal refusal) implements FileRecord {
        @Override
        public long line() {
            return refusal.line();
        }
    }
}
