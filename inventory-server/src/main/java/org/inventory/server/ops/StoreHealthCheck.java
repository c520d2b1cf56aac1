package org.inventory.server.ops;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.util.Optional;
import org.inventory.core.store.StoreAdmin;
import org.inventory.core.store.StoreSpace;

/**
 * Up when the store answers a ping; the details name the store without any password. When the store tells its room
 * ({@code dbStats}) and not even one largest message would fit (the embedded store at its memory bound), they also
 * say {@code "full": true}, with what is used of what. A full store is still up: browsing works, and a restart
 * would lose an in-memory store's records.
 */
public final class StoreHealthCheck implements HealthCheck {
    private final StoreAdmin admin;
    private final String store;
    private final long maxMessageBytes;

    public StoreHealthCheck(StoreAdmin admin, String maskedStore, long maxMessageBytes) {
        this.admin = admin;
        this.store = maskedStore;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.builder().detail("store", store);
        try {
            admin.ping();
        } catch (RuntimeException e) {
            return response.status(false)
                    .detail("error", e.getClass().getSimpleName())
                    .build();
        }
        space().filter(space -> space.fullFor(maxMessageBytes))
                .ifPresent(space -> response.detail("full", true)
                        .detail("used_bytes", space.used())
                        .detail("total_bytes", space.total())
                        .detail("message", "the store is full: ingest is refused (store_full); browsing works"));
        return response.status(true).build();
    }

    /** The store's room; none when it does not tell it, which leaves the ping's answer standing. */
    private Optional<StoreSpace> space() {
        try {
            return admin.space();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
