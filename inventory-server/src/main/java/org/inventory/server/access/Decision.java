package org.inventory.server.access;

import java.util.Optional;

/**
 * What the access control answers a request or an upgrade.
 *
 * @param verdict          whether it may go on, and if not, how to refuse it
 * @param credential       whose it is, when a credential was presented and known
 * @param message          for a refusal, what the client is told (never the token)
 * @param retryAfterMillis for {@link Verdict#TOO_MANY_REQUESTS}, when to try again
 */
public record Decision(Verdict verdict, Optional<Credential> credential, String message, long retryAfterMillis) {
    /** How a request is answered: go on, 401, 403 or 429. */
    public enum Verdict {
        ALLOWED,
        UNAUTHORIZED,
        FORBIDDEN,
        TOO_MANY_REQUESTS
    }

    static Decision allowed(Optional<Credential> credential) {
        return new Decision(Verdict.ALLOWED, credential, "", 0);
    }

    static Decision refused(Verdict verdict, String message) {
        return new Decision(verdict, Optional.empty(), message, 0);
    }

    static Decision tooMany(String message, long retryAfterMillis) {
        return new Decision(Verdict.TOO_MANY_REQUESTS, Optional.empty(), message, retryAfterMillis);
    }

    public boolean allowed() {
        return verdict == Verdict.ALLOWED;
    }

    /** {@code Retry-After} in whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfterMillis + 999) / 1000);
    }
}
