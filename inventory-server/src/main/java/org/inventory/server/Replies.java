package org.inventory.server;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import org.inventory.core.InsertResult;
import org.inventory.core.RecordJson;
import org.inventory.core.Rejection;

/** The JSON text of ingest replies (contract §1). */
final class Replies {
    private Replies() {
    }

    static String accepted(long seq, InsertResult.Counts counts) {
        return "{\"ok\":true,\"seq\":" + seq + ",\"inserted\":" + counts.inserted()
                + ",\"duplicates\":" + counts.duplicates() + "}";
    }

    static String rejected(long seq, Rejection rejection) {
        var text = new StringWriter(160);
        try (JsonGenerator out = RecordJson.FACTORY.createGenerator(text)) {
            out.writeStartObject();
            out.writeBooleanField("ok", false);
            out.writeNumberField("seq", seq);
            out.writeObjectFieldStart("error");
            out.writeStringField("code", rejection.code().wireName());
            out.writeStringField("message", rejection.message());
            out.writeBooleanField("retryable", rejection.code().retryable());
            if (rejection.aboutRecord()) {
                out.writeNumberField("index", rejection.index());
                out.writeStringField("path", rejection.path());
            }
            out.writeEndObject();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
