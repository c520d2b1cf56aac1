package org.inventory.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.inventory.core.query.FilterSpec;
import org.inventory.core.query.IndexSpec;
import org.inventory.core.store.StoreLocation;
import org.inventory.core.store.UpsertKey;

/**
 * The service's configuration, parsed once from the environment (docs/configuration.md).
 *
 * @param debug           verbose logging everywhere
 * @param logLevel        level of the request (access) log: TRACE, DEBUG, INFO, WARN, ERROR or OFF
 * @param host            bind address
 * @param port            port, 0 for any free one
 * @param store           where the records live
 * @param collection      collection of the records
 * @param itemsPerPage    default page size of {@code /display}
 * @param maxPerPage      largest {@code per_page}
 * @param maxBatch        most records in one message
 * @param maxMessageBytes largest message, in bytes
 * @param ingestToken     bearer token required for ingest, if any
 * @param storeTimeout    how long a store operation may take before the client is told {@code unavailable}
 * @param countLimit      how far a filtered {@code /display} counts its matches
 * @param queryTimeout    how long the store may work on one browse or export query ({@code maxTimeMS})
 * @param indexes         the indexes ensured at start-up
 * @param readToken       the token required to read records ({@code /display}, {@code /export}, {@code /live},
 *                        {@code /openapi}), if any
 * @param liveBuffer      acknowledged records the in-process live feed holds (resume, subscribers behind)
 * @param maxSubscribers  live feed streams open at once
 * @param maxConnections  ingest WebSocket connections open at once; 0 for the process's open-file limit less
 *                        what the rest of the server needs of it
 * @param credentialsFile the named credentials, if access is configured that way (then no single tokens)
 * @param authFailuresPerMinute failed authentications from one address in a minute before it is refused for one
 * @param auditLog        a file the audit lines are appended to, besides the {@code inventory.audit} logger
 * @param sourceField     the field each stored record gets its provenance under, if any
 * @param tls             the PEM files of TLS, when every route and ingest are served over TLS only
 * @param upsert          in upsert mode ({@code INVENTORY_WRITE_MODE=upsert}) the key and version field a record
 *                        replaces the stored one by; empty in insert mode (the default)
 * @param overviewGroups  the paths {@code /overview} draws a bar chart of, one each
 * @param overviewSum     the numeric path {@code /overview}'s bars sum beside the count
 * @param overviewAlert   the records {@code /overview} lists as alerts
 * @param insightCache    how long an answer of {@code /summary}, {@code /schema} or {@code /overview} is served
 *                        again to the same request (same parameters, same read restriction); zero: never
 * @param devicePort      a second port that takes ingest WebSockets alone, held without a thread or a buffer
 *                        while idle ({@code INVENTORY_DEVICE_PORT}; 0 for any free one); empty: none
 */
public record Settings(
        boolean debug,
        String logLevel,
        String host,
        int port,
        StoreLocation store,
        String collection,
        int itemsPerPage,
        int maxPerPage,
        int maxBatch,
        int maxMessageBytes,
        Optional<String> ingestToken,
        Duration storeTimeout,
        int countLimit,
        Duration queryTimeout,
        List<IndexSpec> indexes,
        Optional<String> readToken,
        int liveBuffer,
        int maxSubscribers,
        int maxConnections,
        Optional<Path> credentialsFile,
        int authFailuresPerMinute,
        Optional<Path> auditLog,
        Optional<String> sourceField,
        Optional<TlsFiles> tls,
        Optional<UpsertKey> upsert,
        List<String> overviewGroups,
        String overviewSum,
        FilterSpec overviewAlert,
        Duration insightCache,
        OptionalInt devicePort) {

    public Settings {
        if (devicePort.isPresent() && tls.isPresent()) {
            throw new ConfigException("INVENTORY_DEVICE_PORT is set together with API_TLS_CERT; the device port speaks "
                    + "plain ws:// only: terminate TLS in front of it (a load balancer) and leave API_TLS_CERT unset, "
                    + "or leave INVENTORY_DEVICE_PORT unset to serve ingest over wss:// on API_PORT");
        }
        if (devicePort.isPresent() && devicePort.getAsInt() != 0 && devicePort.getAsInt() == port) {
            throw new ConfigException("INVENTORY_DEVICE_PORT and API_PORT are both " + port + "; the device port is a "
                    + "second port, beside the API's");
        }
        if (credentialsFile.isPresent() && (ingestToken.isPresent() || readToken.isPresent())) {
            throw new ConfigException("INVENTORY_CREDENTIALS_FILE is set together with "
                    + (ingestToken.isPresent() ? "INGEST_TOKEN" : "INVENTORY_READ_TOKEN")
                    + "; configure access one way: put every token in the credentials file");
        }
    }

    /** The largest message a single BSON document could hold, and so the ceiling for the message limit. */
    public static final int MAX_MESSAGE_BYTES_LIMIT = 16 * 1024 * 1024;

    /** Reads the settings from environment-style variables; unset or empty variables take their defaults. */
    public static Settings from(Map<String, String> env) {
        var vars = new Variables(env);
        int maxPerPage = vars.integer("INVENTORY_MAX_PER_PAGE", 1000, 1, 100_000);
        int itemsPerPage = vars.integer("INVENTORY_ITEMS_PER_PAGE", 50, 1, maxPerPage);
        return new Settings(
                vars.bool("DEBUG", false),
                vars.logLevel("LOG_LEVEL", "INFO"),
                vars.text("API_HOST", "0.0.0.0"),
                vars.integer("API_PORT", 8080, 0, 65535),
                vars.store("MONGODB_URL"),
                vars.collection("INVENTORY_COLLECTION_NAME", "inventory"),
                itemsPerPage,
                maxPerPage,
                vars.integer("INVENTORY_MAX_BATCH", 1000, 1, 100_000),
                vars.integer("INVENTORY_MAX_MESSAGE_BYTES", 1_048_576, 1024, MAX_MESSAGE_BYTES_LIMIT),
                Optional.ofNullable(vars.raw("INGEST_TOKEN")),
                Duration.ofMillis(vars.integer("INVENTORY_STORE_TIMEOUT_MS", 5000, 100, 600_000)),
                vars.integer("INVENTORY_COUNT_LIMIT", 100_000, 1, 1_000_000_000),
                Duration.ofMillis(vars.integer("INVENTORY_QUERY_TIMEOUT_MS", 5000, 1, 600_000)),
                vars.indexes("INVENTORY_INDEXES"),
                Optional.ofNullable(vars.raw("INVENTORY_READ_TOKEN")),
                vars.integer("INVENTORY_LIVE_BUFFER", 10_000, 1, 1_000_000),
                vars.integer("INVENTORY_MAX_SUBSCRIBERS", 1000, 1, 100_000),
                vars.integer("INVENTORY_MAX_CONNECTIONS", 0, 0, 10_000_000),
                Optional.ofNullable(vars.raw("INVENTORY_CREDENTIALS_FILE"))
                        .map(String::strip)
                        .map(Path::of),
                vars.integer("INVENTORY_AUTH_FAILURES_PER_MIN", 30, 1, 1_000_000),
                Optional.ofNullable(vars.raw("INVENTORY_AUDIT_LOG"))
                        .map(String::strip)
                        .map(Path::of),
                vars.sourceField("INVENTORY_SOURCE_FIELD"),
                vars.tls(),
                vars.writeMode("INVENTORY_WRITE_MODE", "INVENTORY_KEY", "INVENTORY_VERSION_FIELD"),
                vars.paths("INVENTORY_OVERVIEW_GROUPS", "category,warehouse.code,status"),
                vars.paths("INVENTORY_OVERVIEW_SUM", "quantity").getFirst(),
                vars.filter("INVENTORY_OVERVIEW_ALERT", "{\"status\":{\"$in\":[\"low_stock\",\"out_of_stock\"]}}"),
                Duration.ofSeconds(vars.integer("INVENTORY_INSIGHT_CACHE_SECONDS", 10, 0, 3600)),
                vars.optionalInteger("INVENTORY_DEVICE_PORT", 0, 65535));
    }

    /** Never shows the token or a password. */
    @Override
    public String toString() {
        return "Settings[host=" + host + ", port=" + port + ", store=" + store + ", collection=" + collection
                + ", itemsPerPage=" + itemsPerPage + ", maxPerPage=" + maxPerPage + ", maxBatch=" + maxBatch
                + ", maxMessageBytes=" + maxMessageBytes + ", ingestToken="
                + (ingestToken.isPresent() ? "set" : "unset")
                + ", storeTimeout=" + storeTimeout + ", countLimit=" + countLimit + ", queryTimeout=" + queryTimeout
                + ", indexes=" + indexes + ", readToken=" + (readToken.isPresent() ? "set" : "unset")
                + ", liveBuffer=" + liveBuffer + ", maxSubscribers=" + maxSubscribers
                + ", maxConnections=" + (maxConnections == 0 ? "open-file limit" : Integer.toString(maxConnections))
                + ", credentialsFile=" + credentialsFile.map(Path::toString).orElse("unset")
                + ", authFailuresPerMinute=" + authFailuresPerMinute + ", auditLog="
                + auditLog.map(Path::toString).orElse("unset")
                + ", sourceField=" + sourceField.orElse("unset")
                + ", tls=" + tls.map(TlsFiles::toString).orElse("off")
                + ", writeMode="
                + upsert.map(k -> "upsert, key=" + k.key()
                                + k.version().map(v -> ", version=" + v).orElse(""))
                        .orElse("insert")
                + ", overviewGroups=" + overviewGroups + ", overviewSum=" + overviewSum + ", overviewAlert="
                + overviewAlert.filter().toJson() + ", insightCache=" + insightCache
                + ", devicePort=" + (devicePort.isPresent() ? Integer.toString(devicePort.getAsInt()) : "none")
                + ", logLevel=" + logLevel + ", debug=" + debug + "]";
    }

    /** Parsing helpers whose errors name the variable, quote the value and say what is accepted. */
    private record Variables(Map<String, String> env) {

        String raw(String name) {
            String value = env.get(name);
            return value == null || value.isEmpty() ? null : value;
        }

        /** Comma-separated field paths (no {@code $}, no empty part), at least one. */
        List<String> paths(String name, String fallback) {
            String value = text(name, fallback);
            var paths = new java.util.ArrayList<String>();
            for (String part : value.split(",", -1)) {
                String path = part.strip();
                if (path.isEmpty()
                        || path.contains("$")
                        || path.indexOf('\0') >= 0
                        || path.startsWith(".")
                        || path.endsWith(".")
                        || path.contains("..")) {
                    throw new ConfigException(name + " has an invalid value '" + value
                            + "'; expected comma-separated field paths, e.g. " + fallback);
                }
                paths.add(path);
            }
            return List.copyOf(paths);
        }

        FilterSpec filter(String name, String fallback) {
            String value = text(name, fallback);
            try {
                return FilterSpec.parse(value);
            } catch (org.inventory.core.query.QueryException e) {
                throw new ConfigException(
                        name + " has an invalid value '" + value + "'; expected a filter that " + e.getMessage());
            }
        }

        String text(String name, String fallback) {
            String value = raw(name);
            return value == null ? fallback : value.strip();
        }

        boolean bool(String name, boolean fallback) {
            String value = raw(name);
            if (value == null) {
                return fallback;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> throw invalid(name, value, "true or false");
            };
        }

        int integer(String name, int fallback, int min, int max) {
            String value = raw(name);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value.strip());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below with the accepted range
            }
            throw invalid(name, value, "an integer " + min + "-" + max);
        }

        /** Unset (or empty): none. */
        OptionalInt optionalInteger(String name, int min, int max) {
            return raw(name) == null ? OptionalInt.empty() : OptionalInt.of(integer(name, min, min, max));
        }

        String logLevel(String name, String fallback) {
            String value = text(name, fallback).toUpperCase(Locale.ROOT);
            return switch (value) {
                case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF" -> value;
                case "WARNING" -> "WARN";
                default -> throw invalid(name, raw(name), "one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
            };
        }

        String collection(String name, String fallback) {
            String value = text(name, fallback);
            if (value.isEmpty()
                    || value.startsWith("system.")
                    || value.contains("$")
                    || value.indexOf('\0') >= 0
                    || value.length() > 120) {
                throw invalid(
                        name,
                        value,
                        "a MongoDB collection name: 1-120 characters, no '$', not starting with 'system.'");
            }
            return value;
        }

        /** A top-level field name: where provenance goes must not be a path into the record or an operator. */
        Optional<String> sourceField(String name) {
            String value = raw(name);
            if (value == null) {
                return Optional.empty();
            }
            value = value.strip();
            if (value.isEmpty()
                    || value.equals("_id")
                    || value.startsWith("$")
                    || value.contains(".")
                    || value.indexOf('\0') >= 0
                    || value.length() > 64) {
                throw invalid(
                        name,
                        value,
                        "a top-level field name other than _id: 1-64 characters, no '.', not starting with '$'");
            }
            return Optional.of(value);
        }

        /**
         * {@code insert} (the default) or {@code upsert} with its key (required) and version field (optional); a key
         * or version field without upsert mode is a mistake worth stopping for, not a setting to ignore.
         */
        Optional<UpsertKey> writeMode(String modeName, String keyName, String versionName) {
            String mode = text(modeName, "insert").toLowerCase(Locale.ROOT);
            String key = raw(keyName);
            String version = raw(versionName);
            switch (mode) {
                case "insert" -> {
                    if (key != null) {
                        throw new ConfigException(
                                keyName + " is set ('" + key + "') but " + modeName + " is insert; set " + modeName
                                        + "=upsert to replace records by key, or unset " + keyName);
                    }
                    if (version != null) {
                        throw new ConfigException(versionName + " is set ('" + version + "') but " + modeName
                                + " is insert; a version field only applies with " + modeName + "=upsert");
                    }
                    return Optional.empty();
                }
                case "upsert" -> {
                    if (key == null || key.isBlank()) {
                        throw new ConfigException(keyName + " is required when " + modeName
                                + "=upsert; expected comma-separated field paths, e.g. sku,warehouse.code");
                    }
                    var paths = java.util.Arrays.stream(key.split(",", -1))
                            .map(String::strip)
                            .toList();
                    UpsertKey parsed;
                    try {
                        parsed = new UpsertKey(paths, Optional.empty());
                    } catch (IllegalArgumentException e) {
                        throw invalid(
                                keyName,
                                key,
                                "comma-separated field paths, e.g. sku,warehouse.code (" + e.getMessage() + ")");
                    }
                    if (version == null) {
                        return Optional.of(parsed);
                    }
                    try {
                        return Optional.of(new UpsertKey(parsed.key(), Optional.of(version.strip())));
                    } catch (IllegalArgumentException e) {
                        throw invalid(
                                versionName,
                                version,
                                "the field path of a number or a date that is not a key field" + " (" + e.getMessage()
                                        + ")");
                    }
                }
                default -> throw invalid(modeName, raw(modeName), "insert or upsert");
            }
        }

        List<IndexSpec> indexes(String name) {
            String value = raw(name);
            try {
                return IndexSpec.parseList(value);
            } catch (IllegalArgumentException e) {
                throw invalid(
                        name,
                        value,
                        "comma-separated field paths, '-path' for descending, 'a+b' for a compound" + " ("
                                + e.getMessage() + ")");
            }
        }

        /**
         * The TLS files: the certificate and the key together or neither; a client CA only with them. Whether the
         * files hold what they should is checked when the server starts.
         */
        Optional<TlsFiles> tls() {
            String cert = text(TlsFiles.CERT, "");
            String key = text(TlsFiles.KEY, "");
            String clientCa = text(TlsFiles.CLIENT_CA, "");
            if (cert.isEmpty() && key.isEmpty()) {
                if (!clientCa.isEmpty()) {
                    throw new ConfigException(TlsFiles.CLIENT_CA + " is set but " + TlsFiles.CERT + " and "
                            + TlsFiles.KEY + " are not; client certificates are asked for over TLS only: set both");
                }
                return Optional.empty();
            }
            if (cert.isEmpty() || key.isEmpty()) {
                String missing = cert.isEmpty() ? TlsFiles.CERT : TlsFiles.KEY;
                String set = cert.isEmpty() ? TlsFiles.KEY : TlsFiles.CERT;
                throw new ConfigException(
                        missing + " is not set but " + set + " is; TLS needs both: the certificate chain" + " (PEM) in "
                                + TlsFiles.CERT + " and its private key (PKCS#8 PEM) in " + TlsFiles.KEY);
            }
            return Optional.of(new TlsFiles(
                    path(TlsFiles.CERT, cert),
                    path(TlsFiles.KEY, key),
                    clientCa.isEmpty() ? Optional.empty() : Optional.of(path(TlsFiles.CLIENT_CA, clientCa))));
        }

        private static Path path(String name, String value) {
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw invalid(name, value, "the path of a PEM file");
            }
        }

        StoreLocation store(String name) {
            String value = raw(name);
            if (value == null) {
                return StoreLocation.inMemory();
            }
            value = value.strip();
            if (value.equals("embedded")) {
                return StoreLocation.inMemory();
            }
            if (value.startsWith("embedded:")) {
                String file = value.substring("embedded:".length());
                if (file.isBlank()) {
                    throw invalid(
                            name, value, "embedded, embedded:FILE or a mongodb:// or mongodb+srv:// connection string");
                }
                return StoreLocation.file(file);
            }
            try {
                return StoreLocation.parse(value);
            } catch (IllegalArgumentException e) {
                // Only the masked form: the URL may hold a password.
                throw new ConfigException(name + " has an invalid value '" + StoreLocation.mask(value)
                        + "'; expected embedded, embedded:FILE or a mongodb:// or mongodb+srv:// connection string");
            }
        }

        private static ConfigException invalid(String name, String value, String accepted) {
            return new ConfigException(name + " has an invalid value '" + value + "'; expected " + accepted);
        }
    }
}
