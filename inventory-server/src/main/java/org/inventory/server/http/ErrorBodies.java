package org.inventory.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.inventory.core.RecordJson;

/** The JSON error bodies of the HTTP API: {@code {"error":{"code":C,"message":M}}}, plus the parameter for a 400. */
public final class ErrorBodies {
    private ErrorBodies() {}

    public static String invalidParameter(String parameter, String message) {
        return json("invalid_parameter", parameter, message);
    }

    public static String error(String code, String message) {
        return json(code, null, message);
    }

    public static void send(ServerResponse res, Status status, String body) {
        res.status(status);
        res.headers().contentType(MediaTypes.APPLICATION_JSON);
        res.send(body);
    }

    /** A 503 {@code unavailable} for a server at one of its limits: {@code Retry-After: 5}, the limit named. */
    public static void atLimit(ServerResponse res, String limit) {
        Refusal.atLimit(limit).send(res);
    }

    private static String json(String code, String parameter, String message) {
        var text = new StringWriter();
        try (JsonGenerator out = RecordJson.FACTORY.createGenerator(text)) {
            out.writeStartObject();
            out.writeObjectFieldStart("error");
            out.writeStringField("code", code);
            if (parameter != null) {
                out.writeStringField("parameter", parameter);
            }
            out.writeStringField("message", message);
            out.writeEndObject();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
