package org.inventory.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import org.inventory.core.query.FilterSpec;
import org.inventory.server.access.AccessControl;
import org.inventory.server.access.Credential;
import org.inventory.server.access.Decision;
import org.inventory.server.access.Scope;

/**
 * Who may read the records: where reading is guarded ({@code INVENTORY_READ_TOKEN}, or credentials with the
 * {@code read} scope), the read paths ask for a token, as {@code Authorization: Bearer <token>} from programs or HTTP
 * Basic with the token as the password (any user name) from browsers, which then ask once and remember. A missing
 * or unknown token is a 401 offering both, a token without the scope a 403, an address that guessed too often or a
 * credential over its rate a 429. A credential's {@code read_filter} is kept with the request for the routes to
 * narrow their reads ({@link #restriction}). Tokens are never logged: the access log has no headers. {@code /health},
 * {@code /metrics} and ingest are not read paths.
 */
public final class ReadAccess implements Filter {
    /** The paths this guards, each with everything below it. */
    public static final List<String> PATHS =
            List.of("/display", "/export", "/live", "/openapi", "/summary", "/schema", "/overview");

    private final AccessControl access;

    public ReadAccess(AccessControl access) {
        this.access = access;
    }

    /** What the request's credential may read: its {@code read_filter}, or everything. */
    public static FilterSpec restriction(ServerRequest req) {
        return req.context().get(Restriction.class).map(Restriction::filter).orElse(FilterSpec.all());
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!guarded(req.path().path())) {
            chain.proceed();
            return;
        }
        Decision decision = access.check(
                req.headers().first(HeaderNames.AUTHORIZATION), Scope.READ, ClientAddress.of(req.remotePeer()));
        if (!decision.allowed()) {
            AccessRefusal.send(
                    res,
                    decision,
                    "reading records requires a read token: Authorization: Bearer <token>, or HTTP Basic with it as the"
                            + " password",
                    "Basic realm=\"inventory\", charset=\"UTF-8\"",
                    "Bearer realm=\"inventory\"");
            return;
        }
        decision.credential()
                .map(Credential::readFilter)
                .filter(filter -> !filter.selectsAll())
                .ifPresent(filter -> req.context().register(new Restriction(filter)));
        chain.proceed();
    }

    private static boolean guarded(String path) {
        return PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    /** A credential's read_filter, as the request carries it to the routes. */
    private record Restriction(FilterSpec filter) {}
}
