package org.inventory.filler.imports;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.bson.RawBsonDocument;
import org.inventory.core.RecordJson;
import org.inventory.core.RecordParser;
import org.inventory.core.RejectedException;
import org.inventory.core.Rejection;

/**
 * A file's record through the server's own record rules (the core's {@link RecordParser}, the same code), before
 * it is sent: a record that breaks them is refused here with the code, path and message the server would give,
 * and one that keeps them is written out again from what the parser made, its {@code _id} first. A record
 * without one gets a new ObjectId here, on the client, so that sending it again after a reconnect stores it once.
 * Not thread-safe.
 */
final class RecordCheck {
    private final RecordParser parser = new RecordParser(1);
    private final ByteArrayOutputStream text = new ByteArrayOutputStream(2048);

    /** What the check makes of a record: JSON to send, or a refusal. */
    sealed interface Outcome permits Accepted, LineRefusal {}

    /** A record ready to send: its JSON and the UTF-8 bytes it takes. */
    record Accepted(String json, int bytes) implements Outcome {}

    Outcome check(FileRecord.Json record) {
        byte[] utf8 = record.utf8();
        int length = record.length();
        if (opensArray(utf8, length)) {
            // The parser would take an array as a batch; a line of a file is one record.
            return new LineRefusal(
                    record.line(), "invalid_record", null, "a record must be a JSON object, not an array");
        }
        RawBsonDocument document;
        try {
            document = parser.parse(utf8, 0, length).getFirst();
        } catch (RejectedException e) {
            Rejection rejection = e.rejection();
            return new LineRefusal(record.line(), rejection.code().wireName(), rejection.path(), rejection.message());
        }
        text.reset();
        try (JsonGenerator out = RecordJson.FACTORY.createGenerator(text)) {
            RecordJson.write(document, out);
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail; Jackson still declares it.
            throw new UncheckedIOException(e);
        }
        return new Accepted(text.toString(StandardCharsets.UTF_8), text.size());
    }

    private static boolean opensArray(byte[] utf8, int length) {
        for (int i = 0; i < length; i++) {
            byte b = utf8[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '[';
            }
        }
        return false;
    }
}
