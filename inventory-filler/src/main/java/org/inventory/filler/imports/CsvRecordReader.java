package org.inventory.filler.imports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file (RFC 4180, read with FastCSV): a header line naming the fields ({@link CsvHeader}), then one record
 * per row; a quoted cell may hold commas, quotes and line breaks, and a record's line is the one its row starts
 * on. A row with more or fewer cells than the header, or with bytes that are not UTF-8, is that row's refusal.
 * Empty lines and rows of empty cells are skipped. A cell that is not of its column's type (a header may type
 * its columns: {@link ColumnType}) is dealt with as the {@link ParseGrace} says.
 */
final class CsvRecordReader implements RecordReader {
    /**
     * What the decoder puts for bytes that are not UTF-8: a lone low surrogate, which no valid UTF-8 decodes to, so
     * a row holding one had invalid bytes.
     */
    private static final char NOT_UTF8 = '\uDFFF';

    private static final JsonFactory JSON = new JsonFactory();

    private final java.util.Iterator<CsvRecord> rows;
    private final CsvHeader header;
    private final RecordBuffer buffer = new RecordBuffer();
    private final ParseGrace grace;
    private long line;

    private CsvRecordReader(java.util.Iterator<CsvRecord> rows, CsvHeader header, long line, ParseGrace grace) {
        this.rows = rows;
        this.header = header;
        this.line = line;
        this.grace = grace;
    }

    /**
     * Reads the header line; a file without one holds no records. {@code grace} says what becomes of a cell that
     * is not of its column's type.
     */
    static RecordReader open(InputStream in, ParseGrace grace) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(String.valueOf(NOT_UTF8));
        var rows = CsvReader.builder()
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .ofCsvRecord(new InputStreamReader(in, decoder))
                .iterator();
        CsvRecord first = read(rows, 1);
        if (first == null) {
            return new CsvRecordReader(rows, null, 0, grace);
        }
        long line = first.getStartingLineNumber();
        if (hasInvalidUtf8(first.getFields())) {
            throw new Unreadable(line, "invalid_json the header line is not valid UTF-8");
        }
        try {
            return new CsvRecordReader(rows, CsvHeader.of(first.getFields()), line, grace);
        } catch (CsvHeader.InvalidHeader e) {
            throw new Unreadable(line, "invalid_record the header line cannot name the fields: " + e.getMessage());
        }
    }

    /** The record's bytes are valid until the next call. */
    @Override
    public FileRecord next() throws IOException {
        if (header == null) {
            return null;
        }
        CsvRecord row;
        while ((row = read(rows, line)) != null) {
            line = row.getStartingLineNumber();
            List<String> cells = row.getFields();
            if (cells.size() != header.columns()) {
                return new FileRecord.Refused(new LineRefusal(
                        line,
                        "invalid_record",
                        null,
                        "the row has " + cells.size() + (cells.size() == 1 ? " cell" : " cells") + ", the header "
                                + header.columns()));
            }
            if (cells.stream().allMatch(String::isEmpty)) {
                continue;
            }
            if (hasInvalidUtf8(cells)) {
                return new FileRecord.Refused(
                        new LineRefusal(line, "invalid_json", null, "the row is not valid UTF-8"));
            }
            for (int bad = header.firstUnparsable(cells, 0); bad >= 0; bad = header.firstUnparsable(cells, bad + 1)) {
                String problem = "column " + (bad + 1) + " '" + header.header(bad) + "': '" + cells.get(bad)
                        + "' is not " + header.type(bad);
                switch (grace) {
                    case STOP -> throw new Unreadable(line, "invalid_record " + problem + " (--parse-grace stop)");
                    case SKIP_ROW -> {
                        return new FileRecord.Refused(new LineRefusal(line, "invalid_record", null, problem));
                    }
                    case SKIP_FIELD -> {
                        cells = new ArrayList<>(cells);
                        cells.set(bad, "");
                    }
                }
            }
            if (cells.stream().allMatch(String::isEmpty)) {
                continue;
            }
            buffer.reset();
            try (JsonGenerator out = JSON.createGenerator(buffer)) {
                header.write(cells, out);
            } catch (RecordBuffer.Full e) {
                return new FileRecord.Refused(new LineRefusal(
                        line,
                        "message_too_large",
                        null,
                        "the row makes a record of more than 16 MiB, MongoDB's bound on a record; not sent"));
            }
            return new FileRecord.Json(line, buffer.bytes(), buffer.size());
        }
        return null;
    }

    @Override
    public long line() {
        return line;
    }

    /** The next row, or null at the end; what FastCSV cannot read, or reading the file cannot, ends the reading. */
    private static CsvRecord read(java.util.Iterator<CsvRecord> rows, long line) throws IOException {
        try {
            return rows.hasNext() ? rows.next() : null;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (CsvParseException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new Unreadable(line, "invalid_record " + e.getMessage(), e);
        }
    }

    private static boolean hasInvalidUtf8(List<String> cells) {
        for (String cell : cells) {
            if (cell.indexOf(NOT_UTF8) >= 0) {
                return true;
            }
        }
        return false;
    }
}
