package org.inventory.server.security;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import org.inventory.server.http.ContentSecurityPolicy;

/**
 * The browser-hardening headers of OWASP's secure headers project, on every routed response (set before the route
 * runs, so errors carry them too): {@code X-Content-Type-Options: nosniff} (a browser takes JSON or CSV for what it
 * says it is, never for HTML or script), {@code Referrer-Policy: no-referrer} (a filter in the address does not leak
 * to the next site through the {@code Referer}), the strict {@link ContentSecurityPolicy#NOTHING} that the HTML pages
 * replace with their own, and with TLS {@code Strict-Transport-Security}: a browser that has seen the service over
 * {@code https} never tries it in clear text for a year.
 */
public final class SecureHeaders implements Filter {
    private static final Header NOSNIFF = HeaderValues.createCached(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
    private static final Header NO_REFERRER =
            HeaderValues.createCached(HeaderNames.create("Referrer-Policy"), "no-referrer");
    private static final Header CSP =
            HeaderValues.createCached(HeaderNames.create(ContentSecurityPolicy.HEADER), ContentSecurityPolicy.NOTHING);
    private static final Header HSTS =
            HeaderValues.createCached(HeaderNames.STRICT_TRANSPORT_SECURITY, "max-age=31536000");

    private final boolean tls;

    /** {@code tls}: the server speaks only TLS, so browsers may be told to insist on it. */
    public SecureHeaders(boolean tls) {
        this.tls = tls;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(NOSNIFF);
        res.header(NO_REFERRER);
        res.header(CSP);
        if (tls) {
            res.header(HSTS);
        }
        chain.proceed();
    }
}
