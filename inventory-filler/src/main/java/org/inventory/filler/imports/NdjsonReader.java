package org.inventory.filler.imports;

import java.io.IOException;
import java.io.InputStream;

/**
 * Newline-delimited JSON: one record per line, {@code \n} or {@code \r\n}; blank lines are skipped. Lines are cut
 * from the bytes as they are, so each record's text reaches the record rules untouched (invalid UTF-8 included) and
 * a bad line is that line's refusal only. A line over {@link #MAX_RECORD_BYTES} is refused without being held.
 */
final class NdjsonReader implements RecordReader {
    /** MongoDB's own bound on a document; a line beyond it cannot be a storable record. */
    static final int MAX_RECORD_BYTES = 16 << 20;

    private final InputStream in;
    private final byte[] chunk = new byte[1 << 16];
    private int position;
    private int limit;
    private final RecordBuffer line = new RecordBuffer();
    private boolean overlong;
    private long lineNumber;

    NdjsonReader(InputStream in) {
        this.in = in;
    }

    /** The record's bytes are valid until the next call. */
    @Override
    public FileRecord next() throws IOException {
        while (readLine()) {
            lineNumber++;
            if (overlong) {
                return new FileRecord.Refused(new LineRefusal(
                        lineNumber,
                        "message_too_large",
                        null,
                        "the line holds more than 16 MiB, MongoDB's bound on a record; not sent"));
            }
            byte[] bytes = line.bytes();
            int length = line.size();
            int end = length > 0 && bytes[length - 1] == '\r' ? length - 1 : length;
            if (!blank(bytes, end)) {
                return new FileRecord.Json(lineNumber, bytes, end);
            }
        }
        return null;
    }

    @Override
    public long line() {
        return lineNumber;
    }

    /** Reads up to the next {@code \n} (left out); false at the end of the file when nothing was left. */
    private boolean readLine() throws IOException {
        line.reset();
        overlong = false;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                return any;
            }
            any = true;
            int newline = indexOfNewline();
            int end = newline < 0 ? limit : newline;
            append(end - position);
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                return true;
            }
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Adds bytes to the line; past the bound the line is only counted as too long, not held. */
    private void append(int n) throws IOException {
        if (overlong) {
            return;
        }
        try {
            line.write(chunk, position, n);
        } catch (RecordBuffer.Full e) {
            overlong = true;
            line.reset();
        }
    }

    private static boolean blank(byte[] bytes, int end) {
        for (int i = 0; i < end; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
