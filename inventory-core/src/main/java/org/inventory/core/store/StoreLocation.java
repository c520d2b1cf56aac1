package org.inventory.core.store;

import com.mongodb.ConnectionString;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the records are kept: a MongoDB server named by a connection string, or the embedded store
 * (in memory, or in an H2 file) that the service starts itself.
 *
 * @param url      the connection string, absent for the embedded store
 * @param database the database of the collection
 * @param file     the embedded store's file, absent in memory
 */
public record StoreLocation(Optional<String> url, String database, Optional<String> file) {
    /** The database of the embedded store, as the container's default URL names it. */
    public static final String EMBEDDED_DATABASE = "test";

    private static final Pattern PASSWORD = Pattern.compile("(mongodb(?:\\+srv)?://[^:/@]*:)[^@/]*@");

    public static StoreLocation inMemory() {
        return new StoreLocation(Optional.empty(), EMBEDDED_DATABASE, Optional.empty());
    }

    public static StoreLocation file(String file) {
        return new StoreLocation(Optional.empty(), EMBEDDED_DATABASE, Optional.of(file));
    }

    public static StoreLocation remote(String url, String database) {
        return new StoreLocation(Optional.of(url), database, Optional.empty());
    }

    /**
     * A MongoDB connection string's location: the URL and its database ({@code test} when it names none).
     *
     * @throws IllegalArgumentException when it is not a valid connection string; the message never quotes it,
     *                                  as it may hold a password
     */
    public static StoreLocation parse(String url) {
        ConnectionString connection;
        try {
            connection = new ConnectionString(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid mongodb:// or mongodb+srv:// connection string");
        }
        // The driver accepts a URL without a database; the service needs one to know where the collection lives.
        return remote(url, connection.getDatabase() == null ? EMBEDDED_DATABASE : connection.getDatabase());
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    /** Replaces the password of a connection string with {@code ****}; anything else is unchanged. */
    public static String mask(String url) {
        return PASSWORD.matcher(url).replaceFirst("$1****@");
    }

    /** A description safe to log: the masked URL, or which embedded store. */
    @Override
    public String toString() {
        return url.map(StoreLocation::mask)
                .orElseGet(() -> file.map(f -> "embedded (H2 file " + f + ")").orElse("embedded (in memory)"));
    }
}
