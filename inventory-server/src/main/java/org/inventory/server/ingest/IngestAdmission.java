package org.inventory.server.ingest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.inventory.server.access.AccessControl;
import org.inventory.server.access.Decision;
import org.inventory.server.access.Scope;
import org.inventory.server.http.AccessRefusal;
import org.inventory.server.http.ClientAddress;
import org.inventory.server.http.ErrorBodies;
import org.inventory.server.http.Refusal;

/**
 * Who may open an ingest connection. Upgrades pass the routing filters before the handshake answers them, so
 * this filter is the one place that refuses them (the device port's handshake asks its {@link #refusal} too): 401 without a token that has the ingest scope (403 with one that
 * lacks it, 429 for an address that guessed too often), 503 while the server is stopping or holds as many ingest
 * connections as it may ({@code INVENTORY_MAX_CONNECTIONS}).
 */
final class IngestAdmission implements Filter {
    private final AccessControl access;
    private final BooleanSupplier stopping;
    private final IntSupplier open;
    private final int maxConnections;

    IngestAdmission(AccessControl access, BooleanSupplier stopping, IntSupplier open, int maxConnections) {
        this.access = access;
        this.stopping = stopping;
        this.open = open;
        this.maxConnections = maxConnections;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!isUpgrade(req)) {
            chain.proceed();
            return;
        }
        Refusal refusal = refusal(req.headers().first(HeaderNames.AUTHORIZATION), ClientAddress.of(req.remotePeer()));
        if (refusal == null) {
            chain.proceed();
        } else {
            refusal.send(res);
        }
    }

    /**
     * Why an ingest upgrade with this {@code Authorization} from this address is refused, on either port; null if
     * it is admitted.
     */
    Refusal refusal(Optional<String> authorization, String address) {
        if (stopping.getAsBoolean()) {
            return new Refusal(
                    Status.SERVICE_UNAVAILABLE_503,
                    List.of(),
                    ErrorBodies.error("unavailable", "the server is shutting down"));
        }
        if (open.getAsInt() >= maxConnections) {
            // Checked before the upgrade is answered, so upgrades at the same moment may pass it by a few.
            return Refusal.atLimit("the server holds its most ingest connections (" + maxConnections + ")");
        }
        Decision decision = access.check(authorization, Scope.INGEST, address);
        return decision.allowed()
                ? null
                : AccessRefusal.of(
                        decision,
                        "ingest requires the header Authorization: Bearer <token> with a valid token",
                        "Bearer realm=\"inventory ingest\"");
    }

    private static boolean isUpgrade(RoutingRequest req) {
        return req.headers().contains(HeaderNames.UPGRADE)
                && UpgradeTokens.includes(
                        UpgradeTokens.tokens(req.headers().get(HeaderNames.UPGRADE)), UpgradeTokens.WEBSOCKET);
    }
}
