package org.inventory.filler.imports;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** The bytes of one record being written, refusing to grow past a record's bound so one huge record cannot take the heap. */
final class RecordBuffer extends OutputStream {
    private byte[] buffer = new byte[1 << 12];
    private int count;

    /** The buffer is full: the record is over the bound. */
    static final class Full extends IOException {
        Full() {
            super("over " + NdjsonReader.MAX_RECORD_BYTES + " bytes");
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (count + len > NdjsonReader.MAX_RECORD_BYTES) {
            throw new Full();
        }
        if (count + len > buffer.length) {
            buffer = Arrays.copyOf(
                    buffer, Math.min(NdjsonReader.MAX_RECORD_BYTES, Math.max(count + len, buffer.length * 2)));
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    void reset() {
        count = 0;
    }

    /** The buffer itself: bytes {@code [0..size())} are the record's, valid until the next {@link #reset}. */
    byte[] bytes() {
        return buffer;
    }

    int size() {
        return count;
    }
}
