package org.inventory.server.ops;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi}: the OpenAPI 3.1 description of the HTTP API, written by hand beside the code
 * ({@code openapi.yaml} in this package's resources) and checked against the running server by the tests.
 */
public final class ApiDocument implements HttpService {
    private static final HttpMediaType YAML = HttpMediaType.create("application/yaml; charset=utf-8");
    private final byte[] document = load();

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::send);
    }

    private void send(ServerRequest req, ServerResponse res) {
        res.headers().contentType(YAML);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(document);
    }

    private static byte[] load() {
        try (InputStream in = ApiDocument.class.getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("the build left out openapi.yaml");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
