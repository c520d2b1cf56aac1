package org.inventory.server.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.inventory.core.ErrorCode;
import org.inventory.core.RecordJson;
import org.inventory.core.Rejection;
import org.inventory.core.store.InsertResult;

/**
 * The JSON text of ingest replies: {@code {"ok":true,"seq":S,"inserted":N,"duplicates":D}} or
 * {@code {"ok":false,"seq":S,"error":{…}}}, each counted in the metrics as it is made.
 */
final class Replies {
    private Replies() {}

    /** The reply to a message: its refusal, or what the store did with its records ({@code outcome}). */
    static String answer(PendingMessage message, StoreOutcome outcome, IngestMetrics metrics) {
        if (message.refused()) {
            metrics.rejected(message.rejection().code());
            return rejected(message.seq(), message.rejection());
        }
        if (outcome.failure() != null) {
            metrics.rejected(outcome.failure().code());
            return rejected(message.seq(), outcome.failure());
        }
        InsertResult.Counts counts = outcome.result().counts(0, outcome.result().size());
        if (counts.failed() > 0) {
            // A full store says so in its own words (the embedded one: to set MONGODB_URL); sending again cannot help.
            ErrorCode code = outcome.result().storeFull() ? ErrorCode.STORE_FULL : ErrorCode.INTERNAL;
            String refusal = code == ErrorCode.STORE_FULL ? "the store is full and refused " : "the store refused ";
            metrics.rejected(code);
            return rejected(
                    message.seq(),
                    Rejection.of(
                            code,
                            refusal + counts.failed() + " record(s): "
                                    + outcome.result().failureMessage()));
        }
        metrics.accepted(counts.inserted(), counts.duplicates());
        if (outcome.result().upsert()) {
            metrics.upserted(counts.replaced(), counts.stale());
        }
        return outcome.result().upsert() ? upserted(message.seq(), counts) : accepted(message.seq(), counts);
    }

    static String accepted(long seq, InsertResult.Counts counts) {
        return "{\"ok\":true,\"seq\":" + seq + ",\"inserted\":" + counts.inserted() + ",\"duplicates\":"
                + counts.duplicates() + "}";
    }

    /** Upsert mode's reply: also how many replaced a stored record and how many were older than the stored one. */
    static String upserted(long seq, InsertResult.Counts counts) {
        return "{\"ok\":true,\"seq\":" + seq + ",\"inserted\":" + counts.inserted() + ",\"replaced\":"
                + counts.replaced() + ",\"duplicates\":" + counts.duplicates() + ",\"stale\":" + counts.stale() + "}";
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
            if (rejection.retryAfterMillis() >= 0) {
                out.writeNumberField("retry_after_ms", rejection.retryAfterMillis());
            }
            out.writeEndObject();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
