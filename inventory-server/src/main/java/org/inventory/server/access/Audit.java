package org.inventory.server.access;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;

/**
 * The audit trail: one JSON line per security event to the logger {@code inventory.audit}, and to the file
 * {@code INVENTORY_AUDIT_LOG} when set. A line names addresses, credentials and reasons, never a token or its hash.
 */
public final class Audit implements AutoCloseable {
    /** The logger's name, for operators who route it elsewhere. */
    public static final String LOGGER = "inventory.audit";

    private static final System.Logger LOG = System.getLogger(LOGGER);
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Clock clock;
    private final Writer file;

    private Audit(Clock clock, Writer file) {
        this.clock = clock;
        this.file = file;
    }

    /**
     * The audit trail, also appended to {@code file} when given.
     *
     * @throws UncheckedIOException when the file cannot be opened for appending
     */
    public static Audit to(Optional<Path> file, Clock clock) {
        try {
            Writer out = file.isEmpty()
                    ? null
                    : Files.newBufferedWriter(
                            file.get(),
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND,
                            StandardOpenOption.WRITE);
            return new Audit(clock, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An event: its name, then name/value pairs (values are strings, numbers or booleans; nulls are left out). */
    public void event(String event, Object... fields) {
        var text = new StringWriter(160);
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            out.writeStringField("time", clock.instant().toString());
            out.writeStringField("event", event);
            for (int i = 0; i + 1 < fields.length; i += 2) {
                String name = (String) fields[i];
                Object value = fields[i + 1];
                switch (value) {
                    case null -> {}
                    case Boolean b -> out.writeBooleanField(name, b);
                    case Integer n -> out.writeNumberField(name, n);
                    case Long n -> out.writeNumberField(name, n);
                    default -> out.writeStringField(name, value.toString());
                }
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String line = text.toString();
        LOG.log(Level.INFO, line);
        if (file != null) {
            synchronized (file) {
                try {
                    file.write(line);
                    file.write('\n');
                    file.flush();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "cannot write the audit file INVENTORY_AUDIT_LOG: " + e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        if (file != null) {
            synchronized (file) {
                try {
                    file.close();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "cannot close the audit file INVENTORY_AUDIT_LOG: " + e.getMessage());
                }
            }
        }
    }
}
