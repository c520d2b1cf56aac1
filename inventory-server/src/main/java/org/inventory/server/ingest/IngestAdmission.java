package org.inventory.server.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import org.inventory.server.http.ErrorBodies;

/**
 * Who may open an ingest connection. Upgrades pass the routing filters before the handshake answers them, so
 * this filter is the one place that refuses them: 401 without the bearer token {@code INGEST_TOKEN} asks for
 * (compared in constant time), 503 while the server is stopping.
 */
final class IngestAdmission implements Filter {
    private final Optional<byte[]> expected;
    private final BooleanSupplier stopping;

    IngestAdmission(Optional<String> token, BooleanSupplier stopping) {
        this.expected = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
        this.stopping = stopping;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!isUpgrade(req)) {
            chain.proceed();
        } else if (stopping.getAsBoolean()) {
            ErrorBodies.send(res, Status.SERVICE_UNAVAILABLE_503, ErrorBodies.error("unavailable", "the server is shutting down"));
        } else if (!authorized(req)) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"inventory ingest\"");
            ErrorBodies.send(res, Status.UNAUTHORIZED_401,
                    ErrorBodies.error("unauthorized", "ingest requires the header Authorization: Bearer <token>"));
        } else {
            chain.proceed();
        }
    }

    private boolean authorized(RoutingRequest req) {
        if (expected.isEmpty()) {
            return true;
        }
        byte[] given = req.headers().first(HeaderNames.AUTHORIZATION).orElse("").getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected.get());
    }

    private static boolean isUpgrade(RoutingRequest req) {
        return req.headers().contains(HeaderNames.UPGRADE)
                && UpgradeTokens.includes(UpgradeTokens.tokens(req.headers().get(HeaderNames.UPGRADE)), UpgradeTokens.WEBSOCKET);
    }
}
