package org.inventory.server.browse;

import java.util.ArrayList;
import java.util.List;
import org.inventory.core.query.SortSpec;
import org.inventory.server.http.FindParameters;

/**
 * The navigation of a {@link DisplayPage}: the URLs of first, previous, next and last, each keeping the query's
 * {@code filter}, {@code sort}, {@code fields} and {@code format}, and the RFC 8288 header.
 */
final class DisplayLinks {
    private final DisplayPage page;
    private final String find;
    private final String format;

    DisplayLinks(DisplayPage page) {
        this.page = page;
        String query = page.query().find().toQueryString();
        this.find = query.isEmpty() ? "" : "&" + query;
        this.format = page.query().format().map(f -> "&format=" + f).orElse("");
    }

    String toPage(long number) {
        return toPageSized(number, page.query().perPage());
    }

    String toPageSized(long number, int perPage) {
        return "/display?page=" + number + "&per_page=" + perPage + find + format;
    }

    String after(String token) {
        return "/display?after=" + FindParameters.encode(token) + "&per_page="
                + page.query().perPage() + find + format;
    }

    /** Page 1 of the same records in another order. */
    String sortedBy(SortSpec sort) {
        String query = page.query().find().sortedBy(sort).toQueryString();
        return "/display?page=1&per_page=" + page.query().perPage() + (query.isEmpty() ? "" : "&" + query) + format;
    }

    /** The same query as an export in {@code format}. */
    String export(String exportFormat) {
        String query = page.query().find().toQueryString();
        return "/export?format=" + exportFormat + (query.isEmpty() ? "" : "&" + query);
    }

    /** The overview page for the same filter (its charts have their own groups and order). */
    String overview() {
        return page.query()
                .find()
                .filterText()
                .map(text -> "/overview?filter=" + FindParameters.encode(text))
                .orElse("/overview");
    }

    /** The live feed's page for the same filter and fields (it has no order: records come as they arrive). */
    String live() {
        var find = page.query().find();
        String query =
                new FindParameters(find.filter(), SortSpec.byId(), find.fields(), find.filterText()).toQueryString();
        return "/live" + (query.isEmpty() ? "" : "?" + query);
    }

    String first() {
        return toPage(1);
    }

    String last() {
        return toPage(page.lastPage());
    }

    String previous() {
        return toPage(page.query().page() - 1);
    }

    /** The next page's URL: by number, or by cursor after the last record shown. */
    String next() {
        return page.query().cursor()
                ? after(page.next().orElseThrow())
                : toPage(page.query().page() + 1);
    }

    String header() {
        List<String> links = new ArrayList<>();
        links.add(link(first(), "first"));
        if (page.hasPrevious()) {
            links.add(link(previous(), "prev"));
        }
        if (page.hasNext()) {
            links.add(link(next(), "next"));
        }
        if (page.lastKnown()) {
            links.add(link(last(), "last"));
        }
        return String.join(", ", links);
    }

    private static String link(String url, String rel) {
        return "<" + url + ">; rel=\"" + rel + "\"";
    }
}
