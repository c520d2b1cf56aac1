package org.inventory.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** The HTML page of {@code /display} for people with a browser. */
final class DisplayHtml {
    private DisplayHtml() {
    }

    static void write(DisplayPage page, DisplayLinks links, OutputStream stream) throws IOException {
        Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        out.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Inventory</title></head><body>");
        out.write("<p>" + page.total() + " records</p>");
        out.write("</body></html>");
        out.flush();
    }
}
