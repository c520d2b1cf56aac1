package org.inventory.server.browse;

import gg.jte.TemplateEngine;
import gg.jte.TemplateException;
import gg.jte.TemplateOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.inventory.server.http.Templates;

/**
 * The HTML page of {@code /display} for people with a browser: the total, a table of the page's records and
 * navigation by plain links and a plain form, so it works without JavaScript and loads nothing else.
 * <p>
 * The page is the jte template {@code display/page.jte} (in {@code src/main/jte}, with the layout and the parts it
 * includes), compiled to classes at build time, over a {@link DisplayView}. Every field name and value comes from a
 * client: the templates are of jte's Html content type, which escapes each value for where it lands (element text
 * or attribute). The page goes to the stream as it is rendered, record by record, through a buffer of 16 KiB: a
 * page of 1000 records is never held whole.
 */
final class DisplayHtml {
    /** The package the templates are compiled into: the jte plugin's {@code packageName} in the server's pom. */
    static final String TEMPLATES = "org.inventory.server.browse.templates";

    private static final String PAGE = "display/page.jte";
    private static final TemplateEngine ENGINE = Templates.precompiled(DisplayHtml.class, TEMPLATES, PAGE);

    private DisplayHtml() {}

    /** Writes the page for {@code page} to {@code stream} as UTF-8 and flushes it; the stream stays open. */
    static void write(DisplayPage page, DisplayLinks links, int maxPerPage, OutputStream stream) throws IOException {
        var out = new Utf8StreamOutput(stream);
        try {
            ENGINE.render(PAGE, DisplayView.of(page, links, maxPerPage), out);
            out.flush();
        } catch (TemplateException e) {
            // A client gone away: jte wraps what the output threw in its own exception. Passed on as the
            // IOException it is, as before the templates.
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    /**
     * A jte output that streams UTF-8: the templates' static parts arrive encoded at build time (the plugin's
     * {@code binaryStaticContent}) and are copied as they are, the values are encoded as they come, and each full
     * buffer goes to the stream. jte's own {@code Utf8ByteOutput} keeps the whole page until the end; a
     * {@code Writer} would decode the static parts back to text and encode them again (measured: docs/benchmarks.md).
     */
    private static final class Utf8StreamOutput implements TemplateOutput {
        private final OutputStream stream;
        private final byte[] buffer = new byte[16 * 1024];
        private int size;

        Utf8StreamOutput(OutputStream stream) {
            this.stream = stream;
        }

        @Override
        public void writeContent(String value) {
            write(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void writeContent(String value, int beginIndex, int endIndex) {
            write(value.substring(beginIndex, endIndex).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void writeBinaryContent(byte[] value) {
            write(value);
        }

        private void write(byte[] bytes) {
            try {
                if (bytes.length > buffer.length - size) {
                    drain();
                    if (bytes.length > buffer.length) {
                        stream.write(bytes);
                        return;
                    }
                }
                System.arraycopy(bytes, 0, buffer, size, bytes.length);
                size += bytes.length;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void drain() throws IOException {
            stream.write(buffer, 0, size);
            size = 0;
        }

        void flush() throws IOException {
            drain();
            stream.flush();
        }
    }
}
