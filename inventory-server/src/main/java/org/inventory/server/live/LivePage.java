package org.inventory.server.live;

import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import java.io.IOException;
import java.io.OutputStream;
import org.inventory.server.http.Templates;

/**
 * The live page: the jte template {@code live/page.jte} (in {@code src/main/jte-live}, compiled at build time into
 * this package's {@code templates}), of jte's Html content type, which escapes every value for where it lands. The
 * records themselves never pass through the template: the page's script inserts them as text.
 */
final class LivePage {
    static final String TEMPLATES = "org.inventory.server.live.templates";
    private static final String PAGE = "live/page.jte";
    private static final TemplateEngine ENGINE = Templates.precompiled(LivePage.class, TEMPLATES, PAGE);

    private LivePage() {}

    static void write(LiveView view, OutputStream out) throws IOException {
        var html = new Utf8ByteOutput();
        ENGINE.render(PAGE, view, html);
        html.writeTo(out);
    }
}
