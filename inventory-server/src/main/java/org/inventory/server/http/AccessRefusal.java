package org.inventory.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import org.inventory.server.access.Decision;

/**
 * How a refused request is answered, the same at every door (the read routes, the ingest upgrade): 401 with the
 * door's challenge, 403 {@code forbidden}, 429 {@code rate_limited} with {@code Retry-After}.
 */
public final class AccessRefusal {
    private AccessRefusal() {}

    /**
     * Answers a decision that is not {@link Decision.Verdict#ALLOWED}.
     *
     * @param unauthorized what a 401 says the request needs
     * @param challenges   the {@code WWW-Authenticate} values of a 401
     */
    public static void send(ServerResponse res, Decision decision, String unauthorized, String... challenges) {
        switch (decision.verdict()) {
            case UNAUTHORIZED -> {
                res.header(HeaderNames.WWW_AUTHENTICATE, challenges);
                ErrorBodies.send(res, Status.UNAUTHORIZED_401, ErrorBodies.error("unauthorized", unauthorized));
            }
            case FORBIDDEN ->
                ErrorBodies.send(res, Status.FORBIDDEN_403, ErrorBodies.error("forbidden", decision.message()));
            case TOO_MANY_REQUESTS -> {
                res.header(HeaderNames.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
                ErrorBodies.send(
                        res, Status.TOO_MANY_REQUESTS_429, ErrorBodies.error("rate_limited", decision.message()));
            }
            case ALLOWED -> throw new IllegalArgumentException("an allowed request is not refused");
        }
    }
}
