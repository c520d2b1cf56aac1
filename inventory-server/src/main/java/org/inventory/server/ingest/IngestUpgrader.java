package org.inventory.server.ingest;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrade;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrader;
import io.helidon.webserver.http1.spi.Http1UpgradeResult;
import io.helidon.webserver.spi.ServerConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import org.inventory.server.access.AccessControl;
import org.inventory.server.access.IngestGrant;
import org.inventory.server.http.ClientAddress;

/**
 * The WebSocket opening handshake (RFC 6455 §4.2) for ingest at {@code /}. It is a routed upgrade: the HTTP
 * routing's filters see the request first ({@link IngestAdmission} refuses it with 401 or 503), then the 101
 * answer switches the connection to an {@link IngestConnection}.
 */
final class IngestUpgrader implements Http1RoutedUpgrader {
    private static final HeaderName KEY = HeaderNames.create("Sec-WebSocket-Key");
    private static final HeaderName VERSION = HeaderNames.create("Sec-WebSocket-Version");
    private static final HeaderName ACCEPT = HeaderNames.create("Sec-WebSocket-Accept");
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final IngestSessions sessions;
    private final AccessControl access;

    IngestUpgrader(IngestSessions sessions, AccessControl access) {
        this.sessions = sessions;
        this.access = access;
    }

    @Override
    public String supportedProtocol() {
        return "websocket";
    }

    @Override
    public Optional<Http1RoutedUpgrade> routedUpgrade(
            ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        if (!prologue.uriPath().path().equals("/")) {
            return Optional.empty(); // not ingest: plain HTTP routing answers it
        }
        String accept = accept(prologue, headers);
        return Optional.of((response, upgradeHeaders) -> {
            ServerResponseHeaders reply = ServerResponseHeaders.create();
            reply.set(HeaderValues.create(HeaderNames.CONNECTION, "Upgrade"));
            reply.set(HeaderValues.create(HeaderNames.UPGRADE, "websocket"));
            reply.set(HeaderValues.create(ACCEPT, accept));
            IngestGrant grant = access.ingestGrant(
                    upgradeHeaders.first(HeaderNames.AUTHORIZATION), ClientAddress.of(ctx.remotePeer()));
            response.sendSwitchingProtocols(reply);
            return Http1UpgradeResult.upgraded(
                    new IngestConnection(ctx, sessions.maxMessageBytes(), replies -> sessions.open(replies, grant)));
        });
    }

    /** Helidon asks a routed upgrader through {@link #routedUpgrade} only. */
    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        return null;
    }

    /** Checks the handshake request and returns the Sec-WebSocket-Accept value; a bad request is a 400 (403 for Origin). */
    static String accept(HttpPrologue prologue, Headers headers) {
        if (!prologue.method().equals(Method.GET)) {
            throw badRequest("a WebSocket upgrade must use GET");
        }
        if (!headers.contains(HeaderNames.CONNECTION)
                || !UpgradeTokens.includes(UpgradeTokens.tokens(headers.get(HeaderNames.CONNECTION)), "upgrade")) {
            throw badRequest("a WebSocket upgrade needs the header Connection: Upgrade");
        }
        // RFC 6455 §4.2.1 requires the header (Helidon took its absence for 13); §4.2.2 names ours in the refusal.
        Optional<String> version = headers.first(VERSION);
        if (!version.equals(Optional.of("13"))) {
            throw RequestException.builder()
                    .type(DirectHandler.EventType.BAD_REQUEST)
                    .message(version.map(v -> "unsupported WebSocket version '" + v + "'; this server speaks 13")
                            .orElse("missing Sec-WebSocket-Version header; this server speaks 13"))
                    .header(HeaderValues.create(VERSION, "13"))
                    .build();
        }
        String key = headers.first(KEY).orElseThrow(() -> badRequest("missing Sec-WebSocket-Key header"));
        if (!isNonce(key)) {
            throw badRequest("Sec-WebSocket-Key must be 16 bytes in base64");
        }
        Optional<String> origin = headers.first(HeaderNames.ORIGIN);
        if (origin.isPresent()
                && !sameOrigin(origin.get(), headers.first(HeaderNames.HOST).orElse(""))) {
            // A web page of another site must not push records through its visitors' browsers.
            throw RequestException.builder()
                    .type(DirectHandler.EventType.FORBIDDEN)
                    .message("cross-origin WebSocket upgrades are not allowed")
                    .build();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** Whether the key is 16 bytes in base64 (RFC 4648 §4, with its padding: 24 characters, the last two '='). */
    private static boolean isNonce(String key) {
        try {
            return key.length() == 24 && Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the Origin names the host and port the request was sent to (a browser on our own pages). */
    static boolean sameOrigin(String origin, String host) {
        try {
            URI from = new URI(origin);
            URI to = new URI(from.getScheme() + "://" + host);
            return from.getScheme() != null
                    && from.getHost() != null
                    && from.getHost().equalsIgnoreCase(to.getHost())
                    && port(from) == port(to);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) || "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static RequestException badRequest(String message) {
        return RequestException.builder()
                .type(DirectHandler.EventType.BAD_REQUEST)
                .message(message)
                .build();
    }
}
