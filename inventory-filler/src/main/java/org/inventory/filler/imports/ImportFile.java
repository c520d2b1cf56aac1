package org.inventory.filler.imports;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The file to import: a path, or standard input ({@code -}), its type, and whether it is gzip-compressed (by its
 * name; standard input by its first bytes). Opened, it reads through a counter of the bytes read from the file
 * itself (compressed, for a {@code .gz}), which the progress display compares with the file's size, and without
 * a UTF-8 byte order mark.
 */
public record ImportFile(String name, FileType type) {
    public static final String STDIN = "-";
    private static final int BUFFER = 1 << 16;

    boolean stdin() {
        return name.equals(STDIN);
    }

    /** Its size in bytes, when it is a regular file. */
    OptionalLong size() {
        if (stdin()) {
            return OptionalLong.empty();
        }
        try {
            Path path = Path.of(name);
            return Files.isRegularFile(path) ? OptionalLong.of(Files.size(path)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** Opens it for reading, decompressed and without a byte order mark; counts into {@code bytesRead}. */
    InputStream open(AtomicLong bytesRead) throws IOException {
        InputStream raw = stdin() ? System.in : Files.newInputStream(Path.of(name));
        InputStream in = new BufferedInputStream(new Counting(raw, bytesRead), BUFFER);
        if (stdin() ? startsWithGzipMagic((BufferedInputStream) in) : FileType.gzipped(name)) {
            in = new GZIPInputStream(in, BUFFER);
        }
        return withoutBom(in);
    }

    private static boolean startsWithGzipMagic(BufferedInputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b;
    }

    /** Skips a UTF-8 byte order mark: spreadsheets write one, and it is no part of the first record. */
    private static InputStream withoutBom(InputStream in) throws IOException {
        var pushback = new PushbackInputStream(in, 3);
        byte[] head = pushback.readNBytes(3);
        boolean bom =
                head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
        if (!bom) {
            pushback.unread(head);
        }
        return pushback;
    }

    /** Counts the bytes read through it. */
    private static final class Counting extends FilterInputStream {
        private final AtomicLong count;

        Counting(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
