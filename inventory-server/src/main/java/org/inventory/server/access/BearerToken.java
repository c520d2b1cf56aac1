package org.inventory.server.access;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The token a request presents: {@code Authorization: Bearer <token>} from programs, or the password of HTTP
 * Basic (any user name) from browsers, which ask once and remember.
 */
public final class BearerToken {
    private BearerToken() {}

    /** The token in an {@code Authorization} header's value, if it holds one. */
    public static Optional<String> from(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return Optional.empty();
        }
        String value = authorization.get().strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = value.substring(space + 1).strip();
        return switch (scheme) {
            case "bearer" -> credentials.isEmpty() ? Optional.empty() : Optional.of(credentials);
            case "basic" -> {
                try {
                    String pair = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                    int colon = pair.indexOf(':');
                    yield colon < 0 || colon == pair.length() - 1
                            ? Optional.empty()
                            : Optional.of(pair.substring(colon + 1));
                } catch (IllegalArgumentException e) {
                    yield Optional.empty();
                }
            }
            default -> Optional.empty();
        };
    }
}
