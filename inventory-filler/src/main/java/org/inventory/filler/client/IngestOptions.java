package org.inventory.filler.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * How to send: where to, with which token, how many records per message, over how many connections, how
 * many messages in flight on each, at most how many records per second (0: no cap), how long to go on
 * without progress before giving up, and for {@code wss://} the TLS sockets (their trust and client certificate).
 */
public record IngestOptions(
        URI url,
        Optional<String> token,
        int batchSize,
        int connections,
        int window,
        int rate,
        Duration timeout,
        Optional<SSLSocketFactory> tls) {

    /** The headers of the WebSocket upgrade request. */
    Map<String, String> headers() {
        return token.map(t -> Map.of("Authorization", "Bearer " + t)).orElse(Map.of());
    }

    /** Batches of one record are sent as a bare object, as the protocol allows; larger ones as arrays. */
    boolean arrays() {
        return batchSize > 1;
    }
}
