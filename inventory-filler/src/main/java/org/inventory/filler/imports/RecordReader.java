package org.inventory.filler.imports;

import java.io.IOException;

/**
 * Reads a file's records one after another, holding no more than the record it is on. A record that cannot be one
 * comes back refused and the reading goes on; an {@link IOException} means the rest of the file cannot be read.
 */
interface RecordReader {

    /** The next record, or null at the end of the file. */
    FileRecord next() throws IOException;

    /** The line the reading is on, for a message about where the file went wrong. */
    long line();

    /** The readers of the types; {@code in} is decompressed and without a byte order mark. */
    static RecordReader of(FileType type, java.io.InputStream in) throws IOException {
        return switch (type) {
            case NDJSON -> new NdjsonReader(in);
            case JSON -> new JsonRecordReader(in);
            case CSV -> CsvRecordReader.open(in);
        };
    }
}
