package org.inventory.server.browse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToLongFunction;
import org.bson.RawBsonDocument;
import org.inventory.server.http.FindParameters;

/**
 * Renders one {@code /display} page {@code n} times with {@link DisplayHtml} and returns the bytes written, for
 * the display benchmark's HTML mode. Public, and reached only through a JDK interface, so that a copy loaded
 * from another build's jar (and so linked to that build's {@code DisplayHtml}) can be used like this build's.
 */
public final class HtmlPages implements IntToLongFunction {
    private final DisplayPage page;
    private final DisplayLinks links;

    public HtmlPages(List<RawBsonDocument> items, int perPage, long total) {
        page = new DisplayPage(
                new PageQuery(1, perPage, Optional.empty(), Optional.of("html"), FindParameters.NONE),
                Optional.of(new DisplayPage.Total(total, false)),
                items,
                total > items.size(),
                Optional.empty());
        links = new DisplayLinks(page);
    }

    @Override
    public long applyAsLong(int n) {
        var out = new CountingStream();
        try {
            for (int i = 0; i < n; i++) {
                DisplayHtml.write(page, links, 1000, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.count;
    }

    /** Counts what is written and keeps nothing. */
    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
