package org.inventory.server.browse;

import java.util.ArrayList;
import java.util.List;

import org.bson.types.ObjectId;

/** The navigation of a {@link DisplayPage}: the URLs of first, previous, next and last, and the RFC 8288 header. */
final class DisplayLinks {
    private final DisplayPage page;
    private final String format;

    DisplayLinks(DisplayPage page) {
        this.page = page;
        this.format = page.query().format().map(f -> "&format=" + f).orElse("");
    }

    String toPage(long number) {
        return "/display?page=" + number + "&per_page=" + page.query().perPage() + format;
    }

    String toPageSized(long number, int perPage) {
        return "/display?page=" + number + "&per_page=" + perPage + format;
    }

    String after(ObjectId id) {
        return "/display?after=" + id.toHexString() + "&per_page=" + page.query().perPage() + format;
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
        return page.query().cursor() ? after(page.next().orElseThrow()) : toPage(page.query().page() + 1);
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
        links.add(link(last(), "last"));
        return String.join(", ", links);
    }

    private static String link(String url, String rel) {
        return "<" + url + ">; rel=\"" + rel + "\"";
    }
}
