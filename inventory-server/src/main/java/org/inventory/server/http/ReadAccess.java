package org.inventory.server.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Who may read the records ({@code INVENTORY_READ_TOKEN}): when a token is set, the read paths ask for it, as
 * {@code Authorization: Bearer <token>} from programs or HTTP Basic with the token as the password (any user name)
 * from browsers, which then ask once and remember. Anything else is a 401 offering both. The token is compared in
 * constant time through its hash (so its length does not show either) and never logged: the access log has no
 * headers. {@code /health}, {@code /metrics} and ingest are not read paths.
 */
public final class ReadAccess implements Filter {
    /** The paths this guards, each with everything below it. */
    public static final List<String> PATHS = List.of("/display", "/export", "/live", "/openapi");

    private final Optional<byte[]> expected;

    public ReadAccess(Optional<String> token) {
        this.expected = token.map(ReadAccess::hash);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (expected.isEmpty() || !guarded(req.path().path()) || given(req).map(this::matches).orElse(false)) {
            chain.proceed();
            return;
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"inventory\", charset=\"UTF-8\"", "Bearer realm=\"inventory\"");
        ErrorBodies.send(res, Status.UNAUTHORIZED_401, ErrorBodies.error("unauthorized",
                "reading records requires the read token: Authorization: Bearer <token>, or HTTP Basic with it as the password"));
    }

    private static boolean guarded(String path) {
        return PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    /** The token a request offers: the bearer token, or the password of Basic credentials. */
    private static Optional<String> given(RoutingRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION).map(String::strip);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        int space = value.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = value.substring(space + 1).strip();
        return switch (scheme) {
            case "bearer" -> Optional.of(credentials);
            case "basic" -> {
                try {
                    String pair = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                    int colon = pair.indexOf(':');
                    yield colon < 0 ? Optional.empty() : Optional.of(pair.substring(colon + 1));
                } catch (IllegalArgumentException e) {
                    yield Optional.empty();
                }
            }
            default -> Optional.empty();
        };
    }

    private boolean matches(String token) {
        return MessageDigest.isEqual(hash(token), expected.orElseThrow());
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
