package org.inventory.server.ops;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import org.inventory.core.store.InventoryRepository;

/** Up when the store answers a ping; the details name the store without any password. */
public final class StoreHealthCheck implements HealthCheck {
    private final InventoryRepository repository;
    private final String store;

    public StoreHealthCheck(InventoryRepository repository, String maskedStore) {
        this.repository = repository;
        this.store = maskedStore;
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
            repository.ping();
            return response.status(true).build();
        } catch (RuntimeException e) {
            return response.status(false).detail("error", e.getClass().getSimpleName()).build();
        }
    }
}
