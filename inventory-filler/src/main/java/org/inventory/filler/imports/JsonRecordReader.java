package org.inventory.filler.imports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.InputStream;

/**
 * A JSON file: an array of records, or records one after another (as mongoexport writes them), read with Jackson's
 * streaming parser one record at a time, whatever the file's size. Each record is written out again token by
 * token, its numbers as their original text and every non-ASCII character escaped, so that the record rules see
 * what the file holds (an unpaired surrogate stays one). Text that is not JSON ends the reading: past a syntax
 * error no record can be told from the next.
 */
final class JsonRecordReader implements RecordReader {
    private static final JsonFactory JSON = JsonFactory.builder()
            // The record rules decide on long numbers and large strings, as the server does, not Jackson's defaults.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(10_000)
                    .maxStringLength(NdjsonReader.MAX_RECORD_BYTES)
                    .build())
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private final JsonParser parser;
    private final RecordBuffer copy = new RecordBuffer();
    private boolean started;
    private boolean array;

    JsonRecordReader(InputStream in) throws IOException {
        this.parser = JSON.createParser(in);
    }

    @Override
    public FileRecord next() throws IOException {
        try {
            JsonToken token = parser.nextToken();
            if (!started) {
                started = true;
                array = token == JsonToken.START_ARRAY;
                if (array) {
                    token = parser.nextToken();
                }
            }
            if (token == null || (array && token == JsonToken.END_ARRAY)) {
                if (array && token == null) {
                    throw new Unreadable(line(), "invalid_json the array is not closed: the file ends inside it");
                }
                if (array && parser.nextToken() != null) {
                    throw new Unreadable(line(), "invalid_json unexpected content after the array");
                }
                return null;
            }
            long line = parser.currentTokenLocation().getLineNr();
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return new FileRecord.Refused(
                        new LineRefusal(line, "invalid_record", null, "a record must be a JSON object"));
            }
            return copyRecord(line);
        } catch (JsonProcessingException e) {
            throw new Unreadable(
                    e.getLocation() == null ? line() : e.getLocation().getLineNr(),
                    "invalid_json " + e.getOriginalMessage(),
                    e);
        }
    }

    @Override
    public long line() {
        return parser.currentLocation().getLineNr();
    }

    /** Writes the object the parser is on into {@link #copy}; one over the size bound is read past and refused. */
    private FileRecord copyRecord(long line) throws IOException {
        copy.reset();
        int depth = 0;
        boolean tooLarge = false;
        try (JsonGenerator out = JSON.createGenerator(copy)) {
            do {
                JsonToken token = parser.currentToken();
                depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
                if (!tooLarge) {
                    try {
                        write(token, out);
                    } catch (RecordBuffer.Full e) {
                        tooLarge = true;
                    }
                }
            } while (depth > 0 && parser.nextToken() != null);
            if (depth > 0) {
                throw new Unreadable(line(), "invalid_json the file ends inside a record");
            }
            if (!tooLarge) {
                try {
                    out.flush();
                } catch (RecordBuffer.Full e) {
                    tooLarge = true;
                }
            }
        } catch (RecordBuffer.Full e) {
            // From closing the generator over a full buffer: the record is refused below.
            tooLarge = true;
        }
        if (tooLarge) {
            return new FileRecord.Refused(new LineRefusal(
                    line,
                    "message_too_large",
                    null,
                    "the record holds more than 16 MiB, MongoDB's bound on a record; not sent"));
        }
        return new FileRecord.Json(line, copy.bytes(), copy.size());
    }

    private void write(JsonToken token, JsonGenerator out) throws IOException {
        switch (token) {
            case START_OBJECT -> out.writeStartObject();
            case END_OBJECT -> out.writeEndObject();
            case START_ARRAY -> out.writeStartArray();
            case END_ARRAY -> out.writeEndArray();
            case FIELD_NAME -> out.writeFieldName(parser.currentName());
            case VALUE_STRING ->
                out.writeString(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            // The text as written: the record rules give it its type and exact value, as on the server.
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.writeNumber(parser.getText());
            case VALUE_TRUE -> out.writeBoolean(true);
            case VALUE_FALSE -> out.writeBoolean(false);
            case VALUE_NULL -> out.writeNull();
            default -> throw new IllegalStateException("unexpected token " + token);
        }
    }
}
