package org.inventory.filler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestCertificates.Authority;
import org.inventory.testkit.TestCertificates.Issued;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.TlsFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The loader over wss:// to a server with certificates of a private CA, with and without mutual TLS. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FillCommandTlsTest {
    private static final String COLLECTION = "filler_tls";

    /** The device's key is RSA here: the loader reads both kinds. */
    @RegisterExtension
    static final TlsFixture TLS = new TlsFixture("rsa");

    private static Authority ca;
    private static Issued client;

    @BeforeAll
    static void takeCertificates() {
        ca = TLS.ca();
        client = TLS.client();
    }

    @BeforeEach
    void emptyCollection() {
        TestStore.emptyCollection(COLLECTION);
    }

    @Test
    void the_loader_sends_over_wss_trusting_the_ca_file() {
        try (var inventory = start(false)) {
            var filler = Filler.with(
                    "--count",
                    "300",
                    "--batch-size",
                    "100",
                    "--url",
                    wss(inventory),
                    "--quiet",
                    "--ca-file",
                    ca.certificate().toString());
            assertEquals(0, filler.run(), filler::transcript);
            assertEquals(new Filler.Summary(300, 300, 0, 0), filler.summary());
        }
    }

    @Test
    void without_the_ca_file_the_jdk_trust_store_refuses_a_private_ca() {
        try (var inventory = start(false)) {
            var filler = Filler.with("--count", "10", "--url", wss(inventory), "--quiet", "--timeout", "3s");
            assertNotEquals(0, filler.run(), filler::transcript);
            assertEquals(0, TestStore.database().getCollection(COLLECTION).countDocuments(), filler::transcript);
        }
    }

    @Test
    void with_mutual_tls_the_client_certificate_gets_the_loader_in_and_none_does_not() {
        try (var inventory = start(true)) {
            var refused = Filler.with(
                    "--count",
                    "10",
                    "--url",
                    wss(inventory),
                    "--quiet",
                    "--timeout",
                    "3s",
                    "--ca-file",
                    ca.certificate().toString());
            assertNotEquals(0, refused.run(), refused::transcript);
            var admitted = Filler.with(
                    "--count",
                    "200",
                    "--url",
                    wss(inventory),
                    "--quiet",
                    "--ca-file",
                    ca.certificate().toString(),
                    "--client-cert",
                    client.certificate().toString(),
                    "--client-key",
                    client.key().toString());
            assertEquals(0, admitted.run(), admitted::transcript);
            assertEquals(new Filler.Summary(200, 200, 0, 0), admitted.summary());
        }
    }

    @Test
    void a_client_key_that_is_no_key_is_a_usage_error_that_shows_nothing_of_the_file() throws IOException {
        // A PEM block of the key's label around bytes that are no key (the text "secret-bytes"), made here.
        String label = "PRIVATE KEY";
        String block = "-----BEGIN " + label + "-----\n"
                + Base64.getEncoder().encodeToString("secret-bytes".getBytes(StandardCharsets.US_ASCII))
                + "\n-----END " + label + "-----\n";
        Path notKey = Files.writeString(TLS.dir().resolve("not-a-key.pem"), block);
        var filler = Filler.with(
                "--count",
                "1",
                "--url",
                "wss://localhost:1/",
                "--client-cert",
                client.certificate().toString(),
                "--client-key",
                notKey.toString());
        assertEquals(2, filler.run(), filler::transcript);
        assertTrue(
                filler.err()
                        .startsWith("--client-key '" + notKey + "' holds no unencrypted PKCS#8 RSA or EC private key"),
                filler::transcript);
        assertTrue(!filler.transcript().contains("c2VjcmV0LWJ5dGVz"), filler::transcript);
    }

    private static InventoryServer start(boolean mutual) {
        return InventoryServer.start(Settings.from(TestEnv.server(COLLECTION, TLS.serverEnv(mutual))));
    }

    private static String wss(InventoryServer inventory) {
        return "wss://localhost:" + inventory.port() + "/";
    }
}
