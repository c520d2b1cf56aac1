package org.inventory.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.inventory.core.query.FilterSpec;
import org.inventory.core.store.StoreLocation;
import org.inventory.core.store.UpsertKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    @Test
    void no_variables_give_the_documented_defaults_on_the_embedded_store() {
        Settings settings = Settings.from(Map.of());
        assertEquals(
                new Settings(
                        false,
                        "INFO",
                        "0.0.0.0",
                        8080,
                        StoreLocation.inMemory(),
                        "inventory",
                        50,
                        1000,
                        1000,
                        1_048_576,
                        Optional.empty(),
                        Duration.ofSeconds(5),
                        100_000,
                        Duration.ofSeconds(5),
                        List.of(),
                        Optional.empty(),
                        10_000,
                        1000,
                        0,
                        Optional.empty(),
                        30,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of("category", "warehouse.code", "status"),
                        "quantity",
                        FilterSpec.parse("{\"status\":{\"$in\":[\"low_stock\",\"out_of_stock\"]}}"),
                        Duration.ofSeconds(10),
                        OptionalInt.empty()),
                settings);
    }

    @Test
    void upsert_mode_reads_the_key_paths_and_the_version_field() {
        Settings settings = Settings.from(Map.of(
                "INVENTORY_WRITE_MODE",
                "upsert",
                "INVENTORY_KEY",
                "sku, warehouse.code",
                "INVENTORY_VERSION_FIELD",
                "updated_at"));
        assertEquals(
                Optional.of(new UpsertKey(List.of("sku", "warehouse.code"), Optional.of("updated_at"))),
                settings.upsert());
        assertEquals(
                Optional.of(new UpsertKey(List.of("sku"), Optional.empty())),
                Settings.from(Map.of("INVENTORY_WRITE_MODE", "UPSERT", "INVENTORY_KEY", "sku"))
                        .upsert());
        assertEquals(
                Optional.empty(),
                Settings.from(Map.of("INVENTORY_WRITE_MODE", "insert")).upsert());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "mode not known           | INVENTORY_WRITE_MODE=replace | INVENTORY_WRITE_MODE has an invalid value 'replace'; expected insert or upsert",
                "upsert without a key     | INVENTORY_WRITE_MODE=upsert | INVENTORY_KEY is required when INVENTORY_WRITE_MODE=upsert; expected comma-separated field paths, e.g. sku,warehouse.code",
                "upsert with a blank key  | INVENTORY_WRITE_MODE=upsert;INVENTORY_KEY=' ' | INVENTORY_KEY is required when INVENTORY_WRITE_MODE=upsert; expected comma-separated field paths, e.g. sku,warehouse.code",
                "an empty part            | INVENTORY_WRITE_MODE=upsert;INVENTORY_KEY=sku,,code | INVENTORY_KEY has an invalid value 'sku,,code'; expected comma-separated field paths, e.g. sku,warehouse.code ('' is not a field path (dotted names, no empty part, no '$'))",
                "a path that is not one   | INVENTORY_WRITE_MODE=upsert;INVENTORY_KEY=warehouse..code | INVENTORY_KEY has an invalid value 'warehouse..code'; expected comma-separated field paths, e.g. sku,warehouse.code ('warehouse..code' is not a field path (dotted names, no empty part, no '$'))",
                "an operator              | INVENTORY_WRITE_MODE=upsert;INVENTORY_KEY=$sku | INVENTORY_KEY has an invalid value '$sku'; expected comma-separated field paths, e.g. sku,warehouse.code ('$sku' is not a field path (dotted names, no empty part, no '$'))",
                "the _id                  | INVENTORY_WRITE_MODE=upsert;INVENTORY_KEY=_id | INVENTORY_KEY has an invalid value '_id'; expected comma-separated field paths, e.g. sku,warehouse.code ('_id' is the store's own _id, which upsert mode keeps)",
                "a field twice            | INVENTORY_WRITE_MODE=upsert;INVENTORY_KEY=sku,sku | INVENTORY_KEY has an invalid value 'sku,sku'; expected comma-separated field paths, e.g. sku,warehouse.code ('sku' is named twice)",
                "a bad version path       | INVENTORY_WRITE_MODE=upsert;INVENTORY_KEY=sku;INVENTORY_VERSION_FIELD=a. | INVENTORY_VERSION_FIELD has an invalid value 'a.'; expected the field path of a number or a date that is not a key field ('a.' is not a field path (dotted names, no empty part, no '$'))",
                "version is a key field   | INVENTORY_WRITE_MODE=upsert;INVENTORY_KEY=sku;INVENTORY_VERSION_FIELD=sku | INVENTORY_VERSION_FIELD has an invalid value 'sku'; expected the field path of a number or a date that is not a key field (the version field 'sku' is also a key field)",
                "version in insert mode   | INVENTORY_VERSION_FIELD=updated_at | INVENTORY_VERSION_FIELD is set ('updated_at') but INVENTORY_WRITE_MODE is insert; a version field only applies with INVENTORY_WRITE_MODE=upsert",
                "key in insert mode       | INVENTORY_WRITE_MODE=insert;INVENTORY_KEY=sku | INVENTORY_KEY is set ('sku') but INVENTORY_WRITE_MODE is insert; set INVENTORY_WRITE_MODE=upsert to replace records by key, or unset INVENTORY_KEY",
            })
    void a_bad_write_mode_configuration_stops_the_start_naming_what_is_wrong(
            String name, String variables, String message) {
        var env = new java.util.HashMap<String, String>();
        for (String assignment : variables.split(";", -1)) {
            String[] parts = assignment.split("=", 2);
            env.put(parts[0], parts[1].replace("'", ""));
        }
        assertEquals(
                message,
                assertThrows(ConfigException.class, () -> Settings.from(env)).getMessage());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "API_PORT                 | abc   | API_PORT has an invalid value 'abc'; expected an integer 0-65535",
                "INVENTORY_ITEMS_PER_PAGE | 0     | INVENTORY_ITEMS_PER_PAGE has an invalid value '0'; expected an integer 1-1000",
                "DEBUG                    | maybe | DEBUG has an invalid value 'maybe'; expected true or false",
                "INVENTORY_COUNT_LIMIT    | 0     | INVENTORY_COUNT_LIMIT has an invalid value '0'; expected an integer 1-1000000000",
                "INVENTORY_QUERY_TIMEOUT_MS | 5s  | INVENTORY_QUERY_TIMEOUT_MS has an invalid value '5s'; expected an integer 1-600000",
                "INVENTORY_INSIGHT_CACHE_SECONDS | 3601 | INVENTORY_INSIGHT_CACHE_SECONDS has an invalid value '3601'; expected an integer 0-3600",
                "INVENTORY_INDEXES        | sku+  | INVENTORY_INDEXES has an invalid value 'sku+'; expected comma-separated field paths, '-path' for descending, 'a+b' for a compound ('sku+' has an invalid key '')",
            })
    void a_bad_value_names_the_variable_the_value_and_what_is_accepted(String variable, String value, String message) {
        assertEquals(
                message,
                assertThrows(ConfigException.class, () -> Settings.from(Map.of(variable, value)))
                        .getMessage());
    }

    @Test
    void indexes_and_the_read_token_are_read_and_the_token_never_shown() {
        Settings settings =
                Settings.from(Map.of("INVENTORY_INDEXES", "sku,category+-quantity", "INVENTORY_READ_TOKEN", "s3cret"));
        assertEquals(
                List.of("sku", "category+-quantity"),
                settings.indexes().stream().map(Object::toString).toList());
        assertEquals(Optional.of("s3cret"), settings.readToken());
        org.junit.jupiter.api.Assertions.assertFalse(settings.toString().contains("s3cret"), settings.toString());
    }

    @Test
    void a_page_size_above_the_maximum_page_size_is_refused() {
        assertThrows(
                ConfigException.class,
                () -> Settings.from(Map.of("INVENTORY_MAX_PER_PAGE", "100", "INVENTORY_ITEMS_PER_PAGE", "200")));
    }

    @Test
    void a_bad_mongodb_url_is_refused_without_showing_its_password() {
        String message = assertThrows(
                        ConfigException.class,
                        () -> Settings.from(Map.of("MONGODB_URL", "mongodb://user:s3cret@host:notaport/db")))
                .getMessage();
        assertTrue(
                message.startsWith("MONGODB_URL has an invalid value 'mongodb://user:****@host:notaport/db'"), message);
        assertFalse(message.contains("s3cret"));
    }

    @Test
    void embedded_locations_and_urls_are_recognised() {
        assertEquals(
                StoreLocation.inMemory(),
                Settings.from(Map.of("MONGODB_URL", "embedded")).store());
        assertEquals(
                StoreLocation.file("data.mv"),
                Settings.from(Map.of("MONGODB_URL", "embedded:data.mv")).store());
        StoreLocation remote = Settings.from(Map.of("MONGODB_URL", "mongodb://u:p@mongo:27017/stock?maxpoolsize=5"))
                .store();
        assertEquals("stock", remote.database());
        assertEquals("mongodb://u:****@mongo:27017/stock?maxpoolsize=5", remote.toString());
    }

    @Test
    void the_token_and_password_never_appear_in_the_settings_text() {
        String text = Settings.from(Map.of("INGEST_TOKEN", "tok-123", "MONGODB_URL", "mongodb://u:pw-456@h/db"))
                .toString();
        assertFalse(text.contains("tok-123") || text.contains("pw-456"), text);
    }

    @Test
    void the_tls_files_are_taken_together_and_the_client_ca_with_them() {
        assertEquals(
                Optional.of(new TlsFiles(Path.of("c.pem"), Path.of("k.pem"), Optional.of(Path.of("ca.pem")))),
                Settings.from(Map.of("API_TLS_CERT", "c.pem", "API_TLS_KEY", "k.pem", "API_TLS_CLIENT_CA", "ca.pem"))
                        .tls());
        assertEquals(
                Optional.of(new TlsFiles(Path.of("c.pem"), Path.of("k.pem"), Optional.empty())),
                Settings.from(Map.of("API_TLS_CERT", "c.pem", "API_TLS_KEY", "k.pem"))
                        .tls());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "API_TLS_CERT=c.pem | API_TLS_KEY is not set but API_TLS_CERT is; TLS needs both",
                "API_TLS_KEY=k.pem | API_TLS_CERT is not set but API_TLS_KEY is; TLS needs both",
                "API_TLS_CLIENT_CA=ca.pem | API_TLS_CLIENT_CA is set but API_TLS_CERT and API_TLS_KEY are not",
            })
    void a_tls_file_without_its_partner_is_refused_naming_the_variable(String variable, String start) {
        String[] pair = variable.split("=", 2);
        String message = assertThrows(ConfigException.class, () -> Settings.from(Map.of(pair[0], pair[1])))
                .getMessage();
        assertTrue(message.startsWith(start), message);
    }

    @Test
    void the_device_port_is_read_as_a_port_and_0_takes_any_free_one() {
        assertEquals(
                OptionalInt.of(9000),
                Settings.from(Map.of("INVENTORY_DEVICE_PORT", "9000")).devicePort());
        assertEquals(
                OptionalInt.of(0),
                Settings.from(Map.of("INVENTORY_DEVICE_PORT", "0")).devicePort());
        for (String bad : new String[] {"-1", "65536", "x"}) {
            String message = assertThrows(
                            ConfigException.class, () -> Settings.from(Map.of("INVENTORY_DEVICE_PORT", bad)))
                    .getMessage();
            assertTrue(message.contains("INVENTORY_DEVICE_PORT"), message);
        }
    }

    @Test
    void the_device_port_is_refused_together_with_tls_naming_both_variables() {
        String message = assertThrows(
                        ConfigException.class,
                        () -> Settings.from(
                                Map.of("INVENTORY_DEVICE_PORT", "0", "API_TLS_CERT", "c.pem", "API_TLS_KEY", "k.pem")))
                .getMessage();
        assertTrue(message.startsWith("INVENTORY_DEVICE_PORT is set together with API_TLS_CERT;"), message);
    }
}
