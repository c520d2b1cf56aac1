package org.inventory.server.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * A request's refusal as the API answers it: the status, its headers and the JSON error body. Made once, and
 * written by whichever server the request came to (Helidon's response, or the device port's own bytes).
 *
 * @param status  the answer's status
 * @param headers what the status needs besides the body ({@code WWW-Authenticate}, {@code Retry-After})
 * @param body    the API's error body ({@link ErrorBodies#error})
 */
public record Refusal(Status status, List<Header> headers, String body) {
    /** A 503 {@code unavailable} for a server at one of its limits: {@code Retry-After: 5}, the limit named. */
    public static Refusal atLimit(String limit) {
        return new Refusal(
                Status.SERVICE_UNAVAILABLE_503,
                List.of(HeaderValues.create(HeaderNames.RETRY_AFTER, "5")),
                ErrorBodies.error("unavailable", limit + "; try again later"));
    }

    public void send(ServerResponse res) {
        headers.forEach(res::header);
        ErrorBodies.send(res, status, body);
    }
}
