package org.inventory.core.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.connection.ServerDescription;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

/** An open connection to the records' database: a MongoDB client on the database of a location with a URL. */
public final class Store implements AutoCloseable {
    private final StoreLocation location;
    private final MongoClient client;
    private final MongoDatabase database;

    private Store(StoreLocation location, MongoClient client) {
        this.location = location;
        this.client = client;
        this.database = client.getDatabase(location.database());
    }

    /**
     * Opens the store. {@code timeout} bounds server selection, connecting, reading and waiting for a
     * pooled connection, so that a store that is down or stuck is reported promptly; where the URL sets
     * one of these itself, the URL wins.
     */
    public static Store open(StoreLocation location, Duration timeout) {
        String url = location.url()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the embedded store must be started first; open the store at its URL"));
        return new Store(location, MongoClients.create(clientSettings(new ConnectionString(url), timeout)));
    }

    static MongoClientSettings clientSettings(ConnectionString url, Duration timeout) {
        long millis = timeout.toMillis();
        var builder = MongoClientSettings.builder().applyConnectionString(url).applicationName("inventory-service");
        if (url.getServerSelectionTimeout() == null) {
            builder.applyToClusterSettings(c -> c.serverSelectionTimeout(millis, TimeUnit.MILLISECONDS));
        }
        builder.applyToSocketSettings(s -> {
            if (url.getConnectTimeout() == null) {
                s.connectTimeout(millis, TimeUnit.MILLISECONDS);
            }
            if (url.getSocketTimeout() == null) {
                s.readTimeout(millis, TimeUnit.MILLISECONDS);
            }
        });
        if (url.getMaxWaitTime() == null) {
            builder.applyToConnectionPoolSettings(p -> p.maxWaitTime(millis, TimeUnit.MILLISECONDS));
        }
        return builder.build();
    }

    /**
     * Whether the store offers change streams: a replica set or a sharded cluster, as the driver found it while
     * connecting (its monitors ask each server's {@code hello}), so it costs no command. Known once the store was
     * reached ({@link #checkReachable}).
     */
    public boolean changeStreams() {
        var type = client.getClusterDescription().getType();
        return type == com.mongodb.connection.ClusterType.REPLICA_SET
                || type == com.mongodb.connection.ClusterType.SHARDED;
    }

    /**
     * Pings the store, waiting at most the store timeout, so that a service whose store is absent says so at
     * start-up instead of serving 503s.
     *
     * @throws StoreUnavailableException naming the store (password masked) and, where the driver knows it, why
     */
    public void checkReachable(Duration timeout) {
        try {
            database.runCommand(new BsonDocument("ping", new BsonInt32(1)));
        } catch (MongoException e) {
            String why = client.getClusterDescription().getServerDescriptions().stream()
                    .map(ServerDescription::getException)
                    .filter(Objects::nonNull)
                    .map(Store::rootMessage)
                    .findFirst()
                    .orElse(e.getClass().getSimpleName());
            throw new StoreUnavailableException(
                    "cannot reach the store at " + location + " within " + timeout.toMillis() + " ms (" + why
                            + "); check MONGODB_URL and that MongoDB is running",
                    e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof java.net.UnknownHostException) {
            return "unknown host " + root.getMessage();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    public MongoDatabase database() {
        return database;
    }

    @Override
    public void close() {
        client.close();
    }
}
