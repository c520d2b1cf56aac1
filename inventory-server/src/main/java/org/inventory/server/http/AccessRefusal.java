package org.inventory.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import org.inventory.server.access.Decision;

/**
 * How a refused request is answered, the same at every door (the read routes, the ingest upgrade on either port):
 * 401 with the door's challenge, 403 {@code forbidden}, 429 {@code rate_limited} with {@code Retry-After}.
 */
public final class AccessRefusal {
    private AccessRefusal() {}

    /**
     * The answer to a decision that is not {@link Decision.Verdict#ALLOWED}.
     *
     * @param unauthorized what a 401 says the request needs
     * @param challenges   the {@code WWW-Authenticate} values of a 401
     */
    public static Refusal of(Decision decision, String unauthorized, String... challenges) {
        return switch (decision.verdict()) {
            case UNAUTHORIZED ->
                new Refusal(
                        Status.UNAUTHORIZED_401,
                        List.of(HeaderValues.create(HeaderNames.WWW_AUTHENTICATE, challenges)),
                        ErrorBodies.error("unauthorized", unauthorized));
            case FORBIDDEN ->
                new Refusal(Status.FORBIDDEN_403, List.of(), ErrorBodies.error("forbidden", decision.message()));
            case TOO_MANY_REQUESTS ->
                new Refusal(
                        Status.TOO_MANY_REQUESTS_429,
                        List.of(HeaderValues.create(
                                HeaderNames.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()))),
                        ErrorBodies.error("rate_limited", decision.message()));
            case ALLOWED -> throw new IllegalArgumentException("an allowed request is not refused");
        };
    }

    /** Answers a decision that is not {@link Decision.Verdict#ALLOWED}, as {@link #of} describes it. */
    public static void send(ServerResponse res, Decision decision, String unauthorized, String... challenges) {
        of(decision, unauthorized, challenges).send(res);
    }
}
