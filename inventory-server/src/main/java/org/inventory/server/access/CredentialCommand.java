package org.inventory.server.access;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code inventory-server credential --name NAME --scope ingest[,read] [--expires 90d|2027-03-01T00:00:00Z]
 * [--append FILE]}: makes a new random token and the credentials-file line that grants it. The token is shown once
 * and never stored: the line holds only its SHA-256. With {@code --append} the line goes straight into the file
 * (read again by a running server) and only the token is printed.
 */
public final class CredentialCommand {
    /** 32 random bytes: 256 bits, URL-safe base64 without padding, after a prefix secret scanners can find. */
    private static final int TOKEN_BYTES = 32;

    private static final String PREFIX = "inv_";
    private static final String USAGE = "usage: inventory-server credential --name NAME --scope ingest[,read]"
            + " [--expires 90d|12h|2027-03-01T00:00:00Z] [--append FILE]";

    private CredentialCommand() {}

    /** Runs the command; returns the exit status: 0, or 2 for a usage error. */
    public static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        String name = null;
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Optional<Instant> expires = Optional.empty();
        Optional<Path> append = Optional.empty();
        try {
            for (int i = 0; i < args.size(); i++) {
                String option = args.get(i);
                if (option.equals("--help") || option.equals("-h")) {
                    out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args.get(++i);
                switch (option) {
                    case "--name" -> name = value;
                    case "--scope" -> {
                        for (String scope : value.split(",", -1)) {
                            scopes.add(Scope.parse(scope.strip()));
                        }
                    }
                    case "--expires" -> expires = Optional.of(expiry(value, clock));
                    case "--append" -> append = Optional.of(Path.of(value));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (name == null || scopes.isEmpty()) {
                throw new IllegalArgumentException("--name and --scope are required");
            }
            String token = token();
            String line = line(name, Credential.hashHex(token), scopes, expires);
            // The line must be one the server reads: the same rules, checked now rather than at the next reload.
            CredentialsFile.parse(line);
            if (append.isPresent()) {
                appendLine(append.get(), line);
                out.println(token);
                err.println("credential '" + name + "' appended to " + append.get()
                        + "; the token above is shown only now");
            } else {
                out.println("token (shown only now; give it to the holder, keep it secret): " + token);
                out.println("line for INVENTORY_CREDENTIALS_FILE: " + line);
            }
            return 0;
        } catch (InvalidCredentialsException e) {
            err.println("credential: " + e.getMessage().replaceFirst("^line 1: ", ""));
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("credential: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (UncheckedIOException e) {
            err.println("credential: cannot append to the file: " + e.getCause().getMessage());
            return 1;
        }
    }

    /** {@code 90d}, {@code 12h}, {@code 30m} from now, or an ISO-8601 UTC time. */
    static Instant expiry(String value, Clock clock) {
        if (value.matches("\\d{1,6}[dhm]")) {
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            ChronoUnit unit = switch (value.charAt(value.length() - 1)) {
                case 'd' -> ChronoUnit.DAYS;
                case 'h' -> ChronoUnit.HOURS;
                default -> ChronoUnit.MINUTES;
            };
            return clock.instant().plus(Duration.of(amount, unit)).truncatedTo(ChronoUnit.SECONDS);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--expires must be like 90d, 12h, 30m or 2027-03-01T00:00:00Z, not '" + value + "'");
        }
    }

    static String token() {
        byte[] random = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String line(String name, String sha256, Set<Scope> scopes, Optional<Instant> expires) {
        var text = new StringWriter();
        try (JsonGenerator json = JsonFactory.builder().build().createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("name", name);
            json.writeStringField("sha256", sha256);
            json.writeArrayFieldStart("scopes");
            List<String> names = new ArrayList<>();
            scopes.forEach(scope -> names.add(scope.wireName()));
            for (String scope : names) {
                json.writeString(scope);
            }
            json.writeEndArray();
            if (expires.isPresent()) {
                json.writeStringField("expires", expires.get().toString());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void appendLine(Path file, String line) {
        try {
            byte[] existing = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            boolean newline = existing.length > 0 && existing[existing.length - 1] != '\n';
            Files.writeString(
                    file,
                    (newline ? "\n" : "") + line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
