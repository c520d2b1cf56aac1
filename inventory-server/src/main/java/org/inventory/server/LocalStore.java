package org.inventory.server;

import java.util.Optional;
import org.inventory.core.store.StoreLocation;
import org.inventory.embedded.EmbeddedStore;
import org.inventory.server.config.ConfigException;

/**
 * The embedded store that {@code MONGODB_URL=embedded} asks the server to start on loopback, reached through
 * the driver like any MongoDB. The container image leaves the embedded store out (its default is a real
 * MongoDB), so there the request is refused with one clear line rather than a missing class.
 */
final class LocalStore implements AutoCloseable {
    private static final String EMBEDDED_CLASS = "org/inventory/embedded/EmbeddedStore.class";

    private final EmbeddedStore store;

    private LocalStore(EmbeddedStore store) {
        this.store = store;
    }

    /** Starts the embedded store a location names: in memory, or in its H2 file. */
    private static LocalStore start(StoreLocation location) {
        if (LocalStore.class.getClassLoader().getResource(EMBEDDED_CLASS) == null) {
            throw new ConfigException("MONGODB_URL is '" + (location.file().isPresent() ? "embedded:FILE" : "embedded")
                    + "', but this installation has no embedded store (the container image leaves it out);"
                    + " set MONGODB_URL to a MongoDB connection string");
        }
        return new LocalStore(EmbeddedStore.start(location.file()));
    }

    /** Where the driver finds it: the store's own URL and database. */
    StoreLocation location() {
        return StoreLocation.remote(store.url(), EmbeddedStore.DATABASE);
    }

    @Override
    public void close() {
        store.close();
    }

    /** The embedded store of a location, started, or nothing for a real MongoDB. */
    static Optional<LocalStore> startIfEmbedded(StoreLocation location) {
        return location.embedded() ? Optional.of(start(location)) : Optional.empty();
    }
}
