package org.inventory.server.access;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.inventory.core.query.FilterSpec;
import org.inventory.core.query.QueryException;

/**
 * Reads {@code INVENTORY_CREDENTIALS_FILE}: one JSON object per line, blank lines and lines starting with
 * {@code #} ignored, e.g. {@code {"name":"dock-7","sha256":"<hex>","scopes":["ingest"],"expires":"2027-03-01T00:00:00Z",
 * "ingest_filter":{…},"read_filter":{…},"rate":{"records_per_s":500,"burst":2000}}}. Strict: an unknown key, a
 * repeated name or token, a filter the read routes would refuse, each stops the reading with the line's number,
 * so that a typo never quietly widens what a credential may do.
 */
public final class CredentialsFile {
    /** Names go into logs, metrics and stored records: a plain word. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private CredentialsFile() {}

    /**
     * The credentials the file holds.
     *
     * @throws InvalidCredentialsException naming the line and what is wrong with it, or that the file cannot be read
     */
    public static List<Credential> read(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidCredentialsException("is not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidCredentialsException(
                    "cannot be read: " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        return parse(text);
    }

    static List<Credential> parse(String text) {
        var credentials = new ArrayList<Credential>();
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            Credential credential;
            try {
                credential = line(line);
            } catch (IllegalArgumentException e) {
                throw new InvalidCredentialsException("line " + number + ": " + e.getMessage());
            }
            if (!names.add(credential.name())) {
                throw new InvalidCredentialsException(
                        "line " + number + ": the name '" + credential.name() + "' is used twice");
            }
            if (!hashes.add(HexFormat.of().formatHex(credential.sha256()))) {
                throw new InvalidCredentialsException(
                        "line " + number + ": the same sha256 as an earlier line (one token, two credentials)");
            }
            credentials.add(credential);
        }
        return List.copyOf(credentials);
    }

    private static Credential line(String line) {
        String name = null;
        byte[] sha256 = null;
        Set<Scope> scopes = null;
        Optional<Instant> expires = Optional.empty();
        FilterSpec ingestFilter = FilterSpec.all();
        FilterSpec readFilter = FilterSpec.all();
        Optional<Rate> rate = Optional.empty();
        try (JsonParser in = JSON.createParser(line)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("must be a JSON object");
            }
            Set<String> seen = new HashSet<>();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String key = in.currentName();
                if (!seen.add(key)) {
                    throw new IllegalArgumentException("'" + key + "' is given twice");
                }
                JsonToken value = in.nextToken();
                switch (key) {
                    case "name" -> {
                        name = string(in, value, key);
                        if (!NAME.matcher(name).matches()) {
                            throw new IllegalArgumentException(
                                    "name must be 1-64 letters, digits and . _ @ -, starting with a letter or digit");
                        }
                    }
                    case "sha256" -> {
                        String hex = string(in, value, key);
                        if (!SHA256.matcher(hex).matches()) {
                            throw new IllegalArgumentException(
                                    "sha256 must be 64 hex digits (the SHA-256 of the token, never the token)");
                        }
                        sha256 = HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
                    }
                    case "scopes" -> scopes = scopes(in, value);
                    case "expires" -> {
                        String when = string(in, value, key);
                        try {
                            expires = Optional.of(Instant.parse(when));
                        } catch (DateTimeParseException e) {
                            throw new IllegalArgumentException(
                                    "expires must be an ISO-8601 UTC time like 2027-03-01T00:00:00Z, not '" + when
                                            + "'");
                        }
                    }
                    case "ingest_filter" -> {
                        ingestFilter = filter(in, value, key);
                        ingestFilter.matcher(); // checked against every record before it is stored
                    }
                    case "read_filter" -> readFilter = filter(in, value, key);
                    case "rate" -> rate = Optional.of(rate(in, value));
                    default ->
                        throw new IllegalArgumentException("unknown key '" + key + "'; expected name, sha256, scopes,"
                                + " expires, ingest_filter, read_filter, rate");
                }
            }
            if (in.nextToken() != null) {
                throw new IllegalArgumentException("must hold one JSON object, with nothing after it");
            }
        } catch (JsonProcessingException e) {
            // Jackson's message ends with where in "the source" it was: the line's number says that already.
            throw new IllegalArgumentException("is not valid JSON: "
                    + e.getOriginalMessage().replaceAll("(?s)\\s*\\(start marker at .*|\\s*at \\[Source.*", ""));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read: " + e.getMessage());
        }
        if (name == null || sha256 == null || scopes == null) {
            throw new IllegalArgumentException("name, sha256 and scopes are required");
        }
        return new Credential(name, sha256, scopes, expires, ingestFilter, readFilter, rate);
    }

    private static String string(JsonParser in, JsonToken value, String key) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        return in.getText();
    }

    private static Set<Scope> scopes(JsonParser in, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("scopes must be an array, e.g. [\"ingest\"] or [\"ingest\",\"read\"]");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        while (in.nextToken() != JsonToken.END_ARRAY) {
            if (in.currentToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("scopes must hold strings: ingest, read");
            }
            scopes.add(Scope.parse(in.getText()));
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("scopes must name at least one of ingest, read");
        }
        return scopes;
    }

    /** A filter in the read routes' language, written as a JSON object on the line. */
    private static FilterSpec filter(JsonParser in, JsonToken value, String key) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException(key + " must be a JSON object in the filter language of /display");
        }
        var text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.copyCurrentStructure(in);
        }
        try {
            return FilterSpec.parse(text.toString());
        } catch (QueryException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage().replaceFirst("^filter ", ""));
        }
    }

    private static Rate rate(JsonParser in, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("rate must be an object, e.g. {\"records_per_s\":500,\"burst\":2000}");
        }
        Double perSecond = null;
        Long burst = null;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String key = in.currentName();
            JsonToken number = in.nextToken();
            switch (key) {
                case "records_per_s" -> {
                    if (!number.isNumeric()) {
                        throw new IllegalArgumentException("rate.records_per_s must be a number above 0");
                    }
                    perSecond = in.getDoubleValue();
                }
                case "burst" -> {
                    if (number != JsonToken.VALUE_NUMBER_INT
                            || in.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        throw new IllegalArgumentException("rate.burst must be a whole number of at least 1");
                    }
                    burst = in.getLongValue();
                }
                default ->
                    throw new IllegalArgumentException("unknown key 'rate." + key + "'; expected records_per_s, burst");
            }
        }
        if (perSecond == null) {
            throw new IllegalArgumentException("rate needs records_per_s");
        }
        // Without a burst, one second's worth at once.
        long bucket = burst != null ? burst : Math.max(1, (long) Math.ceil(perSecond));
        try {
            return new Rate(perSecond, bucket);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rate." + e.getMessage());
        }
    }
}
