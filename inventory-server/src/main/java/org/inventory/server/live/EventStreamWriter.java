package org.inventory.server.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@code text/event-stream} (the HTML standard's Server-Sent Events): events gather in a buffer and go to
 * the connection with one write and flush, so a subscriber that receives many records at once costs one write, not
 * one per record (Helidon's {@code SseSink} flushes every event). Ids and event names are ours and hold no line
 * break; data is one line of JSON, whose strings escape their line breaks.
 */
final class EventStreamWriter {
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORD = "\nevent: record\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);

    EventStreamWriter(OutputStream out) {
        this.out = out;
    }

    /** The bytes of one {@code event: record}, made once and written to every subscriber that gets it. */
    static byte[] recordEvent(String id, byte[] json) {
        var event = new ByteArrayOutputStream(ID.length + id.length() + RECORD.length + json.length + END.length);
        event.writeBytes(ID);
        event.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        event.writeBytes(RECORD);
        event.writeBytes(json);
        event.writeBytes(END);
        return event.toByteArray();
    }

    /** A record's event, as made by {@link #recordEvent}. */
    void record(byte[] event) {
        pending.writeBytes(event);
    }

    /** An event without a record; with an id when a reconnect should continue from {@code id}. */
    void event(String name, String id, String json) {
        var text = new StringBuilder();
        if (id != null) {
            text.append("id: ").append(id).append('\n');
        }
        text.append("event: ").append(name).append("\ndata: ").append(json).append("\n\n");
        pending.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A comment line: ignored by clients, it keeps proxies from closing a quiet connection. */
    void comment(String text) {
        pending.writeBytes((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes written and not yet sent. */
    int pendingBytes() {
        return pending.size();
    }

    /** Sends what is pending; throws when the client is gone. */
    void flush() throws IOException {
        if (pending.size() > 0) {
            pending.writeTo(out);
            pending.reset();
        }
        out.flush();
    }
}
