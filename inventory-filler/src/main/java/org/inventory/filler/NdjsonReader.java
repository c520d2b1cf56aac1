package org.inventory.filler;

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
    private byte[] line = new byte[1 << 12];
    private int length;
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
                return new FileRecord.Refused(new LineRefusal(lineNumber, "message_too_large", null,
                        "the line holds more than 16 MiB, MongoDB's bound on a record; not sent"));
            }
            int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            if (!blank(end)) {
                return new FileRecord.Json(lineNumber, line, end);
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
        length = 0;
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

    private void append(int n) {
        if (overlong) {
            return;
        }
        if ((long) length + n > MAX_RECORD_BYTES) {
            overlong = true;
            length = 0;
            return;
        }
        if (length + n > line.length) {
            line = java.util.Arrays.copyOf(line, Math.min(MAX_RECORD_BYTES, Math.max(length + n, line.length * 2)));
        }
        System.arraycopy(chunk, position, line, length, n);
        length += n;
    }

    private boolean blank(int end) {
        for (int i = 0; i < end; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
