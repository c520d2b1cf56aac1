package org.inventory.filler.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The server's answer to one message (docs/ingest.md): accepted with counts, or rejected with an error.
 *
 * @param error    present exactly when {@code ok} is false
 * @param replaced in upsert mode, the records that replaced a stored one; -1 from a server in insert mode
 * @param stale    in upsert mode, the records older than the stored version; -1 from a server in insert mode
 */
public record Reply(long seq, boolean ok, int inserted, int duplicates, Error error, int replaced, int stale) {

    public Reply(long seq, boolean ok, int inserted, int duplicates, Error error) {
        this(seq, ok, inserted, duplicates, error, -1, -1);
    }

    /** Whether the server writes in upsert mode: its reply counts replaced and stale records. */
    public boolean upsert() {
        return replaced >= 0;
    }

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Why a message was rejected.
     *
     * @param index the position in the batch of the record at fault, or -1
     * @param path  the field at fault, or null
     * @param retryAfterMillis when the server said to send again ({@code rate_limited}), or -1
     */
    @SuppressWarnings("AvoidCommonTypeNames") // the protocol's "error" object; written Reply.Error outside this file
    public record Error(String code, String message, boolean retryable, int index, String path, long retryAfterMillis) {
        /**
         * Whether the refusal is about the message's records, so that sending them apart can isolate the one at
         * fault: a record named by its index, or a message or batch too large. Not a store that is full, nor any
         * other refusal of the message as a whole, which its parts would only meet again.
         */
        boolean aboutTheRecords() {
            return index >= 0 || code.equals("message_too_large") || code.equals("batch_too_large");
        }
    }

    /** Reads a reply; anything that is not one is an {@link IllegalArgumentException} naming the text. */
    static Reply parse(String text) {
        try (JsonParser in = JSON.createParser(text)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw notAReply(text);
            }
            long seq = -1;
            Boolean ok = null;
            int inserted = 0;
            int duplicates = 0;
            int replaced = -1;
            int stale = -1;
            Error error = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                JsonToken value = in.nextToken();
                switch (field) {
                    case "seq" -> seq = in.getLongValue();
                    case "ok" -> ok = value == JsonToken.VALUE_TRUE;
                    case "inserted" -> inserted = in.getIntValue();
                    case "duplicates" -> duplicates = in.getIntValue();
                    case "replaced" -> replaced = in.getIntValue();
                    case "stale" -> stale = in.getIntValue();
                    case "error" -> error = value == JsonToken.START_OBJECT ? parseError(in) : null;
                    default -> in.skipChildren();
                }
            }
            if (seq < 1 || ok == null || (!ok && error == null)) {
                throw notAReply(text);
            }
            return new Reply(seq, ok, inserted, duplicates, ok ? null : error, ok ? replaced : -1, ok ? stale : -1);
        } catch (IOException e) {
            throw notAReply(text);
        }
    }

    private static Error parseError(JsonParser in) throws IOException {
        String code = "unknown";
        String message = "";
        boolean retryable = false;
        int index = -1;
        String path = null;
        long retryAfter = -1;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            JsonToken value = in.nextToken();
            switch (field) {
                case "code" -> code = in.getValueAsString(code);
                case "message" -> message = in.getValueAsString(message);
                case "retryable" -> retryable = value == JsonToken.VALUE_TRUE;
                case "index" -> index = in.getValueAsInt(-1);
                case "path" -> path = in.getValueAsString();
                case "retry_after_ms" -> retryAfter = in.getValueAsLong(-1);
                default -> in.skipChildren();
            }
        }
        return new Error(code, message, retryable, index, path, retryAfter);
    }

    private static IllegalArgumentException notAReply(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return new IllegalArgumentException("the server sent something that is not a reply: " + shown);
    }
}
