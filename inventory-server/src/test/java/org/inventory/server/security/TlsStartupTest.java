package org.inventory.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.inventory.testkit.Await;
import org.inventory.testkit.ServerProcess;
import org.inventory.testkit.TestCertificates;
import org.inventory.testkit.TestCertificates.Authority;
import org.inventory.testkit.TestCertificates.Issued;
import org.inventory.testkit.TestEnv;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad or mismatched TLS files stop the server's start with exit code 2 and one line naming the variable. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsStartupTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static Issued server;
    private static Issued other;
    private static Path text;

    @BeforeAll
    static void makeFiles() throws IOException {
        String unavailable = TestCertificates.unavailable();
        if (unavailable != null) {
            System.out.println("TlsStartupTest skipped: " + unavailable);
        }
        Assumptions.assumeTrue(unavailable == null, unavailable);
        Authority ca = TestCertificates.authority(dir, "ca");
        server = ca.issue("server", "inventory", 1001, "rsa");
        other = ca.issue("other", "inventory", 1002, "ec");
        text = Files.writeString(dir.resolve("notes.txt"), "not a PEM file\n");
    }

    /** Each row: the files by role (server, other's key, text, none), the line expected (with the paths by role). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cert missing         | none   | key   |        | API_TLS_CERT ('NONE'): no such file
            cert not PEM         | text   | key   |        | API_TLS_CERT ('TEXT'): holds no X.509 certificate in PEM (-----BEGIN CERTIFICATE-----)
            key is a certificate | cert   | cert  |        | API_TLS_KEY ('CERT'): holds no unencrypted PKCS#8 RSA or EC private key in PEM (-----BEGIN PRIVATE KEY-----)
            key of another cert  | cert   | other |        | API_TLS_KEY ('OTHER'): is not the private key of the first certificate of API_TLS_CERT ('CERT', CN=inventory, serial 03e9, valid until
            client CA not PEM    | cert   | key   | text   | API_TLS_CLIENT_CA ('TEXT'): holds no X.509 certificate in PEM (-----BEGIN CERTIFICATE-----)
            only the cert        | cert   |       |        | inventory-server: API_TLS_KEY is not set but API_TLS_CERT is; TLS needs both
            only the key         |        | key   |        | inventory-server: API_TLS_CERT is not set but API_TLS_KEY is; TLS needs both
            client CA alone      |        |       | cert   | inventory-server: API_TLS_CLIENT_CA is set but API_TLS_CERT and API_TLS_KEY are not
            """)
    void bad_tls_files_stop_start_up_with_exit_code_2_naming_the_variable(
            String name, String cert, String key, String clientCa, String expected) throws Exception {
        var env = new HashMap<String, String>();
        put(env, "API_TLS_CERT", cert);
        put(env, "API_TLS_KEY", key);
        put(env, "API_TLS_CLIENT_CA", clientCa);
        try (var process = ServerProcess.start(TestEnv.server("tls_startup_test", env))) {
            assertEquals(2, process.awaitExit(WAIT), process.output());
            String output = process.output();
            assertTrue(output.contains(resolve(expected)), output);
            assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
            for (Issued issued : new Issued[] {server, other}) {
                String pem = Files.readString(issued.key());
                assertFalse(output.contains(pem.substring(pem.indexOf('\n') + 1, pem.indexOf('\n') + 30)), output);
            }
        }
    }

    @Test
    void the_start_up_line_names_https_wss_and_the_certificate_and_nothing_of_the_key() throws Exception {
        var env = new HashMap<String, String>();
        put(env, "API_TLS_CERT", "cert");
        put(env, "API_TLS_KEY", "key");
        put(env, "API_TLS_CLIENT_CA", "cert");
        try (var process = ServerProcess.start(TestEnv.server("tls_startup_test", env))) {
            int port = process.port();
            String expected = " listening on https://127.0.0.1:" + port + " (ingest wss://127.0.0.1:" + port
                    + "/), TLS certificate CN=inventory, serial 03e9, valid until "
                    + TestCertificates.certificate(server.certificate())
                            .getNotAfter()
                            .toInstant()
                    + ", client certificates required, store ";
            Await.until("the start-up line", WAIT, () -> {
                try {
                    return process.output().contains(expected);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertEquals(0, process.stop());
            String output = process.output();
            String pem = Files.readString(server.key());
            assertFalse(output.contains(pem.substring(pem.indexOf('\n') + 1, pem.indexOf('\n') + 30)), output);
        }
    }

    private static void put(Map<String, String> env, String variable, String role) {
        if (role != null) {
            env.put(variable, path(role).toString());
        }
    }

    private static Path path(String role) {
        return switch (role) {
            case "cert" -> server.certificate();
            case "key" -> server.key();
            case "other" -> other.key();
            case "text" -> text;
            case "none" -> dir.resolve("none.pem");
            default -> throw new IllegalArgumentException(role);
        };
    }

    private static String resolve(String expected) {
        return expected.replace("'NONE'", "'" + path("none") + "'")
                .replace("'TEXT'", "'" + text + "'")
                .replace("'CERT'", "'" + server.certificate() + "'")
                .replace("'OTHER'", "'" + other.key() + "'");
    }
}
