package org.inventory.server.browse;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SequencedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.inventory.core.RecordJson;

/**
 * The HTML page of {@code /display} for people with a browser: the total, a table of the page's records and
 * navigation by plain links and a plain form, so it works without JavaScript and loads nothing else.
 * <p>
 * The page is written record by record through a buffered writer: a page of 1000 records is never held as one
 * string. Every field name and value comes from a client, so all of it is escaped before it reaches the page.
 */
final class DisplayHtml {
    /** Page sizes offered in the per-page choice, as far as the configured maximum allows. */
    private static final int[] PAGE_SIZES = {10, 50, 100, 500, 1000};
    /** How many page numbers the navigation shows on each side of the current page. */
    private static final int WINDOW = 3;
    /** Values longer than this wrap within a bounded width; shorter ones stay on one line. */
    private static final int LONG_TEXT = 48;
    private static final BsonDocumentCodec DOCUMENTS = new BsonDocumentCodec();
    private static final String STYLE = """
            body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1f2328;background:#fff}
            h1{font-size:1.35rem;margin:0 0 .2rem}
            .total{margin:0;color:#59636e}
            nav,form{display:flex;flex-wrap:wrap;gap:.3rem;align-items:center;margin:.8rem 0}
            nav a,nav span,nav strong{padding:.15rem .55rem;border:1px solid #d1d9e0;border-radius:4px;text-decoration:none}
            nav a{color:#0969da}
            nav a:hover,nav a:focus{background:#eef4fc}
            nav strong{background:#0969da;border-color:#0969da;color:#fff}
            nav .off{color:#9199a1}
            nav .gap{border-color:transparent}
            .records{overflow-x:auto}
            table{border-collapse:collapse;font-size:13px}
            th,td{border:1px solid #d1d9e0;padding:.3rem .5rem;text-align:left;vertical-align:top}
            th,td{white-space:nowrap}
            th{background:#f6f8fa;font-weight:600}
            .long{white-space:normal;overflow-wrap:anywhere;min-width:16rem;max-width:32rem}
            tbody tr:nth-child(even){background:#fafbfc}
            td.id,td.json{font-family:ui-monospace,monospace;font-size:12px}
            td.num{text-align:right}
            td.null{color:#9199a1}
            .empty{color:#59636e}
            """;

    private final DisplayPage page;
    private final DisplayLinks links;
    private final Writer out;

    private DisplayHtml(DisplayPage page, DisplayLinks links, Writer out) {
        this.page = page;
        this.links = links;
        this.out = out;
    }

    /** Writes the page for {@code page} to {@code stream} as UTF-8 and flushes it; the stream stays open. */
    static void write(DisplayPage page, DisplayLinks links, int maxPerPage, OutputStream stream) throws IOException {
        var out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 16 * 1024);
        new DisplayHtml(page, links, out).document(maxPerPage);
        out.flush();
    }

    private void document(int maxPerPage) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        escaped(title());
        out.write("</title>\n<style>\n");
        out.write(STYLE);
        out.write("</style>\n</head>\n<body>\n<h1>Inventory records</h1>\n");
        summary();
        navigation();
        perPageForm(maxPerPage);
        table();
        if (!page.items().isEmpty()) {
            // Repeated below the table: a page of 1000 rows is long.
            navigation();
        }
        out.write("</body>\n</html>\n");
    }

    private String title() {
        if (page.query().cursor()) {
            return "Inventory records after " + page.query().after().orElseThrow().toHexString();
        }
        return "Inventory records, page " + page.query().page() + " of " + page.lastPage();
    }

    private void summary() throws IOException {
        long total = page.total();
        out.write("<p class=\"total\"><strong>");
        out.write(count(total, "record", "records"));
        // estimatedDocumentCount: read from the collection's metadata, so no page ever pays for a scan.
        out.write("</strong> in the collection (the store's count from its metadata). ");
        int shown = page.items().size();
        if (page.query().cursor()) {
            out.write("Showing " + count(shown, "record", "records") + " after <code>");
            escaped(page.query().after().orElseThrow().toHexString());
            out.write("</code>.");
        } else if (shown == 0) {
            out.write("Page " + page.query().page() + " of " + page.lastPage() + " has no records.");
        } else {
            long first = (long) (page.query().page() - 1) * page.query().perPage() + 1;
            out.write("Page " + page.query().page() + " of " + page.lastPage() + ": records "
                    + number(first) + "&ndash;" + number(first + shown - 1) + ".");
        }
        out.write("</p>\n");
    }

    private void navigation() throws IOException {
        out.write("<nav aria-label=\"Pages\">\n");
        link(links.first(), "first", "&laquo; first");
        if (page.query().cursor()) {
            // A cursor page knows only what follows it: no previous page and no numbers to show.
            linkOrDisabled(page.hasNext(), links::next, "next", "next &rsaquo;");
            out.write("</nav>\n");
            return;
        }
        linkOrDisabled(page.hasPrevious(), links::previous, "prev", "&lsaquo; previous");
        pageNumbers();
        linkOrDisabled(page.hasNext(), links::next, "next", "next &rsaquo;");
        link(links.last(), "last", "last &raquo;");
        out.write("</nav>\n");
    }

    /** The pages around the current one, plus the first and the last, with a gap where numbers are left out. */
    private void pageNumbers() throws IOException {
        long current = page.query().page();
        long last = page.lastPage();
        long center = Math.min(current, last);
        long from = Math.max(1, center - WINDOW);
        long to = Math.min(last, center + WINDOW);
        if (from > 1) {
            pageNumber(1, current);
            if (from > 2) {
                out.write("<span class=\"gap\">&hellip;</span>\n");
            }
        }
        for (long number = from; number <= to; number++) {
            pageNumber(number, current);
        }
        if (to < last) {
            if (to < last - 1) {
                out.write("<span class=\"gap\">&hellip;</span>\n");
            }
            pageNumber(last, current);
        }
    }

    private void pageNumber(long number, long current) throws IOException {
        if (number == current) {
            out.write("<strong aria-current=\"page\">" + number + "</strong>\n");
        } else {
            out.write("<a href=\"");
            escaped(links.toPage(number));
            out.write("\">" + number + "</a>\n");
        }
    }

    private void linkOrDisabled(boolean enabled, Supplier<String> url, String rel, String label)
            throws IOException {
        if (enabled) {
            link(url.get(), rel, label);
        } else {
            out.write("<span class=\"off\" aria-disabled=\"true\">" + label + "</span>\n");
        }
    }

    private void link(String url, String rel, String label) throws IOException {
        out.write("<a href=\"");
        escaped(url);
        out.write("\" rel=\"" + rel + "\">" + label + "</a>\n");
    }

    /**
     * A plain GET form: choosing a size starts again at page 1 (or keeps the cursor), since without a script
     * the form cannot work out which page holds the current first record.
     */
    private void perPageForm(int maxPerPage) throws IOException {
        var sizes = new TreeSet<Integer>();
        for (int size : PAGE_SIZES) {
            if (size <= maxPerPage) {
                sizes.add(size);
            }
        }
        sizes.add(maxPerPage);
        sizes.add(page.query().perPage());
        out.write("<form method=\"get\" action=\"/display\">\n");
        if (page.query().cursor()) {
            out.write("<input type=\"hidden\" name=\"after\" value=\"");
            escaped(page.query().after().orElseThrow().toHexString());
            out.write("\">\n");
        }
        out.write("<input type=\"hidden\" name=\"format\" value=\"html\">\n"
                + "<label for=\"per_page\">Records per page</label>\n<select id=\"per_page\" name=\"per_page\">\n");
        for (int size : sizes) {
            out.write("<option" + (size == page.query().perPage() ? " selected" : "") + ">" + size + "</option>\n");
        }
        out.write("</select>\n<button type=\"submit\">Show</button>\n</form>\n");
    }

    private void table() throws IOException {
        if (page.items().isEmpty()) {
            out.write("<p class=\"empty\">No records to show here.</p>\n");
            return;
        }
        List<String> columns = columns(page.items());
        out.write("<div class=\"records\">\n<table>\n<thead>\n<tr>");
        for (String column : columns) {
            out.write("<th scope=\"col\">");
            escaped(column);
            out.write("</th>");
        }
        out.write("</tr>\n</thead>\n<tbody>\n");
        for (RawBsonDocument item : page.items()) {
            // One record decoded at a time, so the page never holds more than the stored bytes plus one row.
            BsonDocument record = item.decode(DOCUMENTS);
            out.write("<tr>");
            for (String column : columns) {
                cell(column, record.get(column));
            }
            out.write("</tr>\n");
        }
        out.write("</tbody>\n</table>\n</div>\n");
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

    private void cell(String column, BsonValue value) throws IOException {
        if (value == null) {
            out.write("<td></td>");
            return;
        }
        String kind = switch (value.getBsonType()) {
            case DOCUMENT, ARRAY -> "json";
            case INT32, INT64, DOUBLE, DECIMAL128 -> "num";
            case NULL -> "null";
            default -> column.equals("_id") ? "id" : null;
        };
        out.write(kind == null ? "<td>" : "<td class=\"" + kind + "\">");
        String text = text(value);
        if (text.length() > LONG_TEXT) {
            // A box of bounded width: table cells ignore max-width, and unbounded text would stretch the column.
            out.write("<div class=\"long\">");
            escaped(text);
            out.write("</div></td>");
        } else {
            escaped(text);
            out.write("</td>");
        }
    }

    /** Strings and ids as they read; everything else, nested values included, as the compact JSON of the JSON view. */
    private static String text(BsonValue value) {
        return switch (value.getBsonType()) {
            case STRING -> value.asString().getValue();
            case OBJECT_ID -> value.asObjectId().getValue().toHexString();
            default -> RecordJson.compact(value);
        };
    }

    /** Writes {@code text} with the five characters that can end an element or an attribute value escaped. */
    private void escaped(String text) throws IOException {
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            String entity = switch (text.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (entity != null) {
                out.write(text, start, i - start);
                out.write(entity);
                start = i + 1;
            }
        }
        out.write(text, start, text.length() - start);
    }

    private static String count(long n, String one, String many) {
        return number(n) + " " + (n == 1 ? one : many);
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
