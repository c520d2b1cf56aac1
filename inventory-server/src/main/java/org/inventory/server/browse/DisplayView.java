package org.inventory.server.browse;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SequencedSet;
import java.util.TreeSet;

import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.inventory.core.RecordJson;

/**
 * What the HTML page of {@code /display} shows, worked out from a {@link DisplayPage} and its {@link DisplayLinks}
 * before any template runs: texts, numbers and URLs ready to print, so that the templates (in
 * {@code src/main/jte}) hold no logic beyond loops and ifs. Nothing here is escaped: the templates escape every
 * value for the place it lands in.
 * <p>
 * Public, like its parts, because jte compiles the templates into a package of their own.
 *
 * @param title   the document's title
 * @param summary the total and which records the page shows
 * @param pager   the navigation, shown above the table and again below it
 * @param perPage the per-page choice
 * @param table   the records
 */
public record DisplayView(String title, Summary summary, Pager pager, PerPageForm perPage, Table table) {
    /** Page sizes offered in the per-page choice, as far as the configured maximum allows. */
    private static final int[] PAGE_SIZES = {10, 50, 100, 500, 1000};
    /** How many page numbers the navigation shows on each side of the current page. */
    private static final int WINDOW = 3;
    /** Values longer than this wrap within a bounded width; shorter ones stay on one line. */
    private static final int LONG_TEXT = 48;
    private static final BsonDocumentCodec DOCUMENTS = new BsonDocumentCodec();

    static DisplayView of(DisplayPage page, DisplayLinks links, int maxPerPage) {
        return new DisplayView(title(page), summary(page), pager(page, links), perPage(page, maxPerPage), table(page));
    }

    /**
     * The total and the records shown: in cursor mode, how many after which {@code _id}; otherwise the page
     * number and, when it has records, the positions of its first and last.
     *
     * @param total    the collection's size, as in "1,234 records"
     * @param after    in cursor mode, the {@code _id} the records follow; otherwise null
     * @param shown    in cursor mode, how many records follow it, as in "50 records"
     * @param page     the page number
     * @param lastPage the last page's number
     * @param first    the position of the page's first record, as in "1,001"; null when it has none
     * @param last     the position of its last record; null when it has none
     */
    public record Summary(String total, String after, String shown, long page, long lastPage, String first,
                          String last) {
        public boolean cursor() {
            return after != null;
        }

        public boolean empty() {
            return first == null;
        }
    }

    /**
     * The navigation. A cursor page knows only what follows it: no previous page, no numbers and no last page.
     *
     * @param first    the first page's URL
     * @param previous the previous page's URL; null on the first page and in cursor mode
     * @param numbers  the numbered pages around the current one; empty in cursor mode
     * @param next     the next page's URL (by number or by cursor); null when nothing follows
     * @param last     the last page's URL; null in cursor mode
     * @param cursor   whether the page is a cursor page ({@code after})
     */
    public record Pager(String first, String previous, List<PageNumber> numbers, String next, String last,
                        boolean cursor) {
    }

    /**
     * One entry of the numbered pages: the current page, a link to another one, or a gap where numbers are left out.
     *
     * @param number  the page number (0 for a gap)
     * @param href    its URL (null for the current page and for a gap)
     * @param current whether it is the page shown
     * @param gap     whether it stands for the numbers left out
     */
    public record PageNumber(long number, String href, boolean current, boolean gap) {
    }

    /**
     * A plain GET form: choosing a size starts again at page 1 (or keeps the cursor), since without a script
     * the form cannot work out which page holds the current first record.
     *
     * @param after the cursor to keep, in cursor mode; otherwise null
     * @param sizes the sizes offered, ascending
     */
    public record PerPageForm(String after, List<PageSize> sizes) {
    }

    /** One size in the per-page choice, and whether it is the page's. */
    public record PageSize(int size, boolean selected) {
    }

    /**
     * The records as table rows. The rows are worked out as the template walks them, one record decoded at a
     * time, so the page never holds more than the stored bytes plus one row.
     *
     * @param columns {@code _id}, then every top-level field name of the page's records in the order first seen
     * @param rows    for every record, one cell per column
     * @param hasRows whether there is any record
     */
    public record Table(List<String> columns, Iterable<List<Cell>> rows, boolean hasRows) {
    }

    /**
     * One value as the table shows it.
     *
     * @param text strings and ids as they read; everything else, nested values included, as the compact JSON of
     *             the JSON view; empty for a field the record lacks
     * @param kind the cell's style ({@code id}, {@code json}, {@code num} or {@code null}); null for plain text
     * @param wrap whether the text is long enough to wrap in a box of bounded width
     */
    public record Cell(String text, String kind, boolean wrap) {
        static final Cell MISSING = new Cell("", null, false);
    }

    private static String title(DisplayPage page) {
        if (page.query().cursor()) {
            return "Inventory records after " + page.query().after().orElseThrow().toHexString();
        }
        return "Inventory records, page " + page.query().page() + " of " + page.lastPage();
    }

    private static Summary summary(DisplayPage page) {
        // estimatedDocumentCount: read from the collection's metadata, so no page ever pays for a scan.
        String total = count(page.total(), "record", "records");
        int shown = page.items().size();
        long number = page.query().page();
        if (page.query().cursor()) {
            return new Summary(total, page.query().after().orElseThrow().toHexString(),
                    count(shown, "record", "records"), number, page.lastPage(), null, null);
        }
        if (shown == 0) {
            return new Summary(total, null, null, number, page.lastPage(), null, null);
        }
        long first = (number - 1) * page.query().perPage() + 1;
        return new Summary(total, null, null, number, page.lastPage(), number(first), number(first + shown - 1));
    }

    private static Pager pager(DisplayPage page, DisplayLinks links) {
        String next = page.hasNext() ? links.next() : null;
        if (page.query().cursor()) {
            return new Pager(links.first(), null, List.of(), next, null, true);
        }
        return new Pager(links.first(), page.hasPrevious() ? links.previous() : null, pageNumbers(page, links), next,
                links.last(), false);
    }

    /** The pages around the current one, plus the first and the last, with a gap where numbers are left out. */
    private static List<PageNumber> pageNumbers(DisplayPage page, DisplayLinks links) {
        long current = page.query().page();
        long last = page.lastPage();
        long center = Math.min(current, last);
        long from = Math.max(1, center - WINDOW);
        long to = Math.min(last, center + WINDOW);
        var numbers = new ArrayList<PageNumber>();
        if (from > 1) {
            numbers.add(pageNumber(1, current, links));
            if (from > 2) {
                numbers.add(new PageNumber(0, null, false, true));
            }
        }
        for (long number = from; number <= to; number++) {
            numbers.add(pageNumber(number, current, links));
        }
        if (to < last) {
            if (to < last - 1) {
                numbers.add(new PageNumber(0, null, false, true));
            }
            numbers.add(pageNumber(last, current, links));
        }
        return numbers;
    }

    private static PageNumber pageNumber(long number, long current, DisplayLinks links) {
        return number == current
                ? new PageNumber(number, null, true, false)
                : new PageNumber(number, links.toPage(number), false, false);
    }

    private static PerPageForm perPage(DisplayPage page, int maxPerPage) {
        var sizes = new TreeSet<Integer>();
        for (int size : PAGE_SIZES) {
            if (size <= maxPerPage) {
                sizes.add(size);
            }
        }
        sizes.add(maxPerPage);
        sizes.add(page.query().perPage());
        String after = page.query().after().map(id -> id.toHexString()).orElse(null);
        return new PerPageForm(after, sizes.stream().map(size -> new PageSize(size, size == page.query().perPage())).toList());
    }

    private static Table table(DisplayPage page) {
        List<RawBsonDocument> items = page.items();
        List<String> columns = columns(items);
        Iterable<List<Cell>> rows = () -> new Iterator<>() {
            private final Iterator<RawBsonDocument> records = items.iterator();

            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public List<Cell> next() {
                BsonDocument record = records.next().decode(DOCUMENTS);
                var cells = new ArrayList<Cell>(columns.size());
                for (String column : columns) {
                    cells.add(cell(column, record.get(column)));
                }
                return cells;
            }
        };
        return new Table(columns, rows, !items.isEmpty());
    }

    /** {@code _id} first, then every top-level field name of the page's records in the order first seen. */
    static List<String> columns(List<RawBsonDocument> items) {
        SequencedSet<String> names = new LinkedHashSet<>();
        names.add("_id");
        for (RawBsonDocument item : items) {
            // Reads only the names from the bytes and skips the values: nothing is decoded for this.
            try (var reader = new BsonBinaryReader(item.getByteBuffer().asNIO())) {
                reader.readStartDocument();
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    names.add(reader.readName());
                    reader.skipValue();
                }
            }
        }
        return new ArrayList<>(names);
    }

    private static Cell cell(String column, BsonValue value) {
        if (value == null) {
            return Cell.MISSING;
        }
        String kind = switch (value.getBsonType()) {
            case DOCUMENT, ARRAY -> "json";
            case INT32, INT64, DOUBLE, DECIMAL128 -> "num";
            case NULL -> "null";
            default -> column.equals("_id") ? "id" : null;
        };
        String text = text(value);
        // Long text goes in a box of bounded width: table cells ignore max-width, and unbounded text would stretch
        // the column.
        return new Cell(text, kind, text.length() > LONG_TEXT);
    }

    /** Strings and ids as they read; everything else, nested values included, as the compact JSON of the JSON view. */
    private static String text(BsonValue value) {
        return switch (value.getBsonType()) {
            case STRING -> value.asString().getValue();
            case OBJECT_ID -> value.asObjectId().getValue().toHexString();
            default -> RecordJson.compact(value);
        };
    }

    private static String count(long n, String one, String many) {
        return number(n) + " " + (n == 1 ? one : many);
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
