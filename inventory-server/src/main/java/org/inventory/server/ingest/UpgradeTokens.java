package org.inventory.server.ingest;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the {@code Upgrade} header as RFC 6455 §4.2.1 and RFC 9110 §7.8 do: a comma-separated list of
 * case-insensitive protocol tokens. Helidon picks an upgrader by the header's exact text, so
 * {@code Upgrade: WebSocket} (AutobahnPython) or {@code Upgrade: h2c, websocket} would miss ours and be routed
 * as plain HTTP. Helidon hands every request's headers to its receive listeners before it looks the upgrader
 * up; this one rewrites a header offering websocket, in any casing, to the single token Helidon matches.
 */
final class UpgradeTokens implements Http1ConnectionListener {
    static final String WEBSOCKET = "websocket";

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        if (headers instanceof WritableHeaders<?> writable && headers.contains(HeaderNames.UPGRADE)) {
            List<String> tokens = tokens(headers.get(HeaderNames.UPGRADE));
            if (!tokens.equals(List.of(WEBSOCKET)) && includes(tokens, WEBSOCKET)) {
                writable.set(HeaderValues.create(HeaderNames.UPGRADE, WEBSOCKET));
            }
        }
    }

    /**
     * A header's tokens, from all its lines, split at every comma with the optional white space around it
     * (RFC 9110 §5.6.1: {@code h2c,websocket} is a list as {@code h2c, websocket} is; Helidon splits only at a
     * comma followed by a space), empty elements left out.
     */
    static List<String> tokens(Header header) {
        return header.allValues().stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip)
                .filter(token -> !token.isEmpty())
                .toList();
    }

    /** Whether a list of header tokens (already split at commas) holds {@code token} in any casing. */
    static boolean includes(List<String> tokens, String token) {
        return tokens.stream().anyMatch(t -> t.strip().equalsIgnoreCase(token));
    }
}
