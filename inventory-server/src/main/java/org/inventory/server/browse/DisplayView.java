package org.inventory.server.browse;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.inventory.core.FieldNames;
import org.inventory.core.RecordJson;
import org.inventory.core.query.FieldsSpec;
import org.inventory.core.query.FilterSpec;
import org.inventory.core.query.QueryException;
import org.inventory.core.query.SortKey;
import org.inventory.core.query.SortSpec;
import org.inventory.server.http.FindParameters;

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
 * @param finder  the filter form and the field chooser
 * @param exports the links to export the page's query
 * @param live    the live feed's page for the query's filter and fields
 * @param pager   the navigation, shown above the table and again below it
 * @param perPage the per-page choice
 * @param table   the records
 * @param overview the overview page for the query's filter
 */
public record DisplayView(
        String title,
        Summary summary,
        Finder finder,
        List<Link> exports,
        Link live,
        Pager pager,
        PerPageForm perPage,
        Table table,
        Link overview) {
    /** Page sizes offered in the per-page choice, as far as the configured maximum allows. */
    private static final int[] PAGE_SIZES = {10, 50, 100, 500, 1000};
    /** How many page numbers the navigation shows on each side of the current page. */
    private static final int WINDOW = 3;
    /** Values longer than this wrap within a bounded width; shorter ones stay on one line. */
    private static final int LONG_TEXT = 48;

    private static final BsonDocumentCodec DOCUMENTS = new BsonDocumentCodec();

    static DisplayView of(DisplayPage page, DisplayLinks links, int maxPerPage) {
        Table table = table(page, links);
        return new DisplayView(
                title(page),
                summary(page),
                finder(page, table.columns()),
                exports(links),
                live(links),
                pager(page, links),
                perPage(page, maxPerPage),
                table,
                new Link("Overview", links.overview()));
    }

    /**
     * The total and the records shown: in cursor mode, how many; otherwise the page number and, when it has
     * records, the positions of its first and last.
     *
     * @param total    the collection's size, as in "1,234 records", or the matches of a filter; null when not counted
     * @param counted  how the total was found: "in the collection (…)", "match the filter" or "match the filter
     *                 at least (counted up to the limit)"
     * @param shown    in cursor mode, how many records follow the previous page, as in "50 records"; otherwise null
     * @param page     the page number
     * @param lastPage the last page's number, as in "of 25"; empty when it is not known
     * @param first    the position of the page's first record, as in "1,001"; null when it has none
     * @param last     the position of its last record; null when it has none
     */
    public record Summary(
            String total, String counted, String shown, long page, String lastPage, String first, String last) {
        public boolean cursor() {
            return shown != null;
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
    public record Pager(
            String first, String previous, List<PageNumber> numbers, String next, String last, boolean cursor) {}

    /**
     * One entry of the numbered pages: the current page, a link to another one, or a gap where numbers are left out.
     *
     * @param number  the page number (0 for a gap)
     * @param href    its URL (null for the current page and for a gap)
     * @param current whether it is the page shown
     * @param gap     whether it stands for the numbers left out
     */
    public record PageNumber(long number, String href, boolean current, boolean gap) {}

    /**
     * A plain GET form: choosing a size starts again at page 1 (or keeps the cursor), since without a script
     * the form cannot work out which page holds the current first record.
     *
     * @param after  the cursor to keep, in cursor mode; otherwise null
     * @param hidden the query to keep: filter, sort and fields
     * @param sizes  the sizes offered, ascending
     */
    public record PerPageForm(String after, List<Hidden> hidden, List<PageSize> sizes) {}

    /** A hidden form field that carries a part of the query into the next request. */
    public record Hidden(String name, String value) {}

    /** A link with its text. */
    public record Link(String text, String href) {}

    /**
     * The filter form (rows of field, operator and value, and a box for a raw filter) and the field chooser, both
     * plain GET forms that keep the rest of the query in hidden fields.
     *
     * @param filter      the current filter as given, for the box; empty for none
     * @param operators   the operators a row offers
     * @param names       field names to suggest: the columns seen
     * @param keep        for the filter form: sort, fields and page size
     * @param clear       the same page without a filter
     * @param fieldChoice one checkbox per column, checked when it is among the chosen fields
     * @param keepFields  for the field chooser: filter, sort and page size
     * @param allFields   the same query with whole records
     * @param narrowed    whether {@code fields} cuts the records down
     */
    public record Finder(
            String filter,
            List<String> operators,
            List<String> names,
            List<Hidden> keep,
            String clear,
            List<Choice> fieldChoice,
            List<Hidden> keepFields,
            String allFields,
            boolean narrowed) {}

    /** A checkbox of the field chooser. */
    public record Choice(String name, boolean checked) {}

    /**
     * A column head: its name and the link that sorts by it (ascending, or descending when it already sorts
     * ascending), with the mark of the current order.
     *
     * @param name  the field name
     * @param href  the sort link
     * @param order "ascending", "descending" or null when the page is not sorted by it first
     */
    public record Column(String name, String href, String order) {}

    /** One size in the per-page choice, and whether it is the page's. */
    public record PageSize(int size, boolean selected) {}

    /**
     * The records as table rows. The rows are worked out as the template walks them, one record decoded at a
     * time, so the page never holds more than the stored bytes plus one row.
     *
     * @param columns {@code _id}, then every top-level field name of the page's records in the order first seen
     * @param heads   the column heads with their sort links
     * @param rows    for every record, one cell per column
     * @param hasRows whether there is any record
     */
    public record Table(List<String> columns, List<Column> heads, Iterable<List<Cell>> rows, boolean hasRows) {}

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
            return "Inventory records, continued";
        }
        return "Inventory records, page " + page.query().page() + (page.lastKnown() ? " of " + page.lastPage() : "");
    }

    private static Summary summary(DisplayPage page) {
        String total =
                page.total().map(t -> count(t.count(), "record", "records")).orElse(null);
        String counted = page.total().isEmpty()
                ? "Records matching the filter."
                : page.query().find().filter().selectsAll()
                        // estimatedDocumentCount: read from the collection's metadata, so no page ever pays for a scan.
                        ? "in the collection (the store's count from its metadata)."
                        : page.total().get().capped()
                                ? "or more match the filter (counted up to that limit)."
                                : "match the filter.";
        int shown = page.items().size();
        long number = page.query().page();
        String lastPage = page.lastKnown() ? " of " + page.lastPage() : "";
        if (page.query().cursor()) {
            return new Summary(total, counted, count(shown, "record", "records"), number, lastPage, null, null);
        }
        if (shown == 0) {
            return new Summary(total, counted, null, number, lastPage, null, null);
        }
        long first = (number - 1) * page.query().perPage() + 1;
        return new Summary(total, counted, null, number, lastPage, number(first), number(first + shown - 1));
    }

    private static Finder finder(DisplayPage page, List<String> columns) {
        FindParameters find = page.query().find();
        String perPage = Integer.toString(page.query().perPage());
        var keep = new ArrayList<Hidden>();
        if (!find.sortText().isEmpty()) {
            keep.add(new Hidden("sort", find.sortText()));
        }
        if (!find.fields().whole()) {
            keep.add(new Hidden("fields", find.fieldsText()));
        }
        keep.add(new Hidden("per_page", perPage));
        keep.add(new Hidden("format", "html"));
        var keepFields = new ArrayList<Hidden>();
        find.filterText().ifPresent(text -> keepFields.add(new Hidden("filter", text)));
        if (!find.sortText().isEmpty()) {
            keepFields.add(new Hidden("sort", find.sortText()));
        }
        keepFields.add(new Hidden("per_page", perPage));
        keepFields.add(new Hidden("format", "html"));
        var names = new LinkedHashSet<String>(columns);
        names.addAll(find.fields().paths());
        List<Choice> choices = names.stream()
                .map(name -> new Choice(name, find.fields().paths().contains(name)))
                .toList();
        var whole = new FindParameters(find.filter(), find.sort(), FieldsSpec.all(), find.filterText());
        var unfiltered = new FindParameters(FilterSpec.all(), find.sort(), find.fields(), Optional.empty());
        return new Finder(
                find.filterText().orElse(""),
                FilterForm.OPERATORS,
                List.copyOf(names),
                keep,
                address(unfiltered, perPage),
                choices,
                keepFields,
                address(whole, perPage),
                !find.fields().whole());
    }

    private static String address(FindParameters find, String perPage) {
        String query = find.toQueryString();
        return "/display?per_page=" + perPage + (query.isEmpty() ? "" : "&" + query) + "&format=html";
    }

    private static List<Link> exports(DisplayLinks links) {
        return List.of(
                new Link("CSV", links.export("csv")),
                new Link("NDJSON", links.export("ndjson")),
                new Link("JSON", links.export("json")));
    }

    static Link live(DisplayLinks links) {
        return new Link("Watch new records live", links.live());
    }

    private static Pager pager(DisplayPage page, DisplayLinks links) {
        String next = page.hasNext() ? links.next() : null;
        if (page.query().cursor()) {
            return new Pager(links.first(), null, List.of(), next, null, true);
        }
        return new Pager(
                links.first(),
                page.hasPrevious() ? links.previous() : null,
                pageNumbers(page, links),
                next,
                page.lastKnown() ? links.last() : null,
                false);
    }

    /** The pages around the current one, plus the first and the last, with a gap where numbers are left out. */
    private static List<PageNumber> pageNumbers(DisplayPage page, DisplayLinks links) {
        long current = page.query().page();
        // A count stopped at its limit leaves the last page unknown: numbers up to the current page only.
        long last = page.lastKnown() ? page.lastPage() : current;
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
        FindParameters find = page.query().find();
        var hidden = new ArrayList<Hidden>();
        find.filterText().ifPresent(text -> hidden.add(new Hidden("filter", text)));
        if (!find.sortText().isEmpty()) {
            hidden.add(new Hidden("sort", find.sortText()));
        }
        if (!find.fields().whole()) {
            hidden.add(new Hidden("fields", find.fieldsText()));
        }
        return new PerPageForm(
                page.query().after().orElse(null),
                hidden,
                sizes.stream()
                        .map(size -> new PageSize(size, size == page.query().perPage()))
                        .toList());
    }

    private static Table table(DisplayPage page, DisplayLinks links) {
        List<RawBsonDocument> items = page.items();
        List<String> columns = FieldNames.columns(items);
        SortKey first = page.query().find().sort().keys().getFirst();
        List<Column> heads = columns.stream()
                .map(column -> {
                    boolean sorted = first.path().equals(column);
                    // A click on the column that sorts ascending turns it round; any other sorts by it ascending.
                    var order = new SortKey(column, sorted && !first.descending());
                    String href;
                    try {
                        href = links.sortedBy(SortSpec.parse(order.toString()));
                    } catch (QueryException e) {
                        // A name no sort can state (one with a comma or a '$'): a head without a link.
                        href = null;
                    }
                    return new Column(column, href, sorted ? (first.descending() ? "descending" : "ascending") : null);
                })
                .toList();
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
        return new Table(columns, heads, rows, !items.isEmpty());
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
        String text = text(column, value);
        // Long text goes in a box of bounded width: table cells ignore max-width, and unbounded text would stretch
        // the column.
        return new Cell(text, kind, text.length() > LONG_TEXT);
    }

    /**
     * Strings and the record's {@code _id} as they read; everything else, nested values, dates and other ObjectIds
     * included, as the compact JSON of the JSON view.
     */
    private static String text(String column, BsonValue value) {
        return switch (value.getBsonType()) {
            case STRING -> value.asString().getValue();
            case OBJECT_ID ->
                column.equals("_id") ? value.asObjectId().getValue().toHexString() : RecordJson.compact(value);
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
