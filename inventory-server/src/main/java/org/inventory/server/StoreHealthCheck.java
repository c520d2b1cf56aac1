package org.inventory.server;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import org.inventory.core.InventoryRepository;

/** Up when the store answers a ping; the details name the store without any password. */
final class StoreHealthCheck implements HealthCheck {
    private final InventoryRepository repository;
    private final String store;

    StoreHealthCheck(InventoryRepository repository, String maskedStore) {
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
