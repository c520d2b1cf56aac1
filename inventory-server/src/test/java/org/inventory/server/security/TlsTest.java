package org.inventory.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.Await;
import org.inventory.testkit.Http;
import org.inventory.testkit.RawWebSocket;
import org.inventory.testkit.TestCertificates;
import org.inventory.testkit.TestCertificates.Authority;
import org.inventory.testkit.TestCertificates.Issued;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.TlsFixture;
import org.inventory.testkit.WsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS over real sockets with certificates made by {@code openssl} for this run: https and wss with the JDK's clients,
 * plain HTTP refused, mutual TLS, and certificates replaced while the server runs.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TlsTest {
    private static final String COLLECTION = "tls_test";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String RECORD = "{\"name\":\"bolt\"}";
    private static final String STORED = "{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}";

    @RegisterExtension
    static final TlsFixture TLS = new TlsFixture();

    private static Authority ca;
    private static Issued server;
    private static Authority clientCa;
    private static Issued client;
    private static Issued stranger;

    @BeforeAll
    static void makeCertificates() throws IOException {
        ca = TLS.ca();
        server = TLS.server();
        clientCa = TLS.clientCa();
        client = TLS.client();
        // A device certificate like the fleet's, but of an authority the server does not know.
        Path elsewhere = Files.createDirectory(TLS.dir().resolve("elsewhere"));
        stranger = TestCertificates.authority(elsewhere, "other-ca").issue("stranger", "device-7", 3001, "ec");
    }

    @BeforeEach
    void emptyCollection() {
        TestStore.emptyCollection(COLLECTION);
    }

    @Test
    void display_is_served_over_https_with_the_certificate_of_the_files_and_hsts() throws Exception {
        try (var inventory = start(server, null)) {
            HttpResponse<String> response = https(inventory.port(), TestCertificates.trusting(ca.certificate()));
            assertEquals(200, response.statusCode());
            assertTrue(response.body().startsWith("{\"page\":1,"), response.body());
            assertEquals(BigInteger.valueOf(1001), serial(response));
            assertEquals(List.of("max-age=31536000"), response.headers().allValues("Strict-Transport-Security"));
            assertEquals(List.of("nosniff"), response.headers().allValues("X-Content-Type-Options"));
        }
    }

    @Test
    void ingest_is_served_over_wss_to_the_jdk_client_and_a_raw_socket() throws Exception {
        try (var inventory = start(server, null)) {
            SSLContext trusting = TestCertificates.trusting(ca.certificate());
            try (var ws = WsClient.connectTls(inventory.port(), trusting)) {
                assertEquals(STORED, ws.send(RECORD).reply());
            }
            try (var raw = RawWebSocket.connectTls(inventory.port(), WAIT, trusting)) {
                assertEquals(STORED, raw.text(RECORD).reply());
                assertEquals("TLSv1.3", raw.tlsSession().getProtocol());
            }
        }
    }

    @Test
    void an_rsa_key_serves_tls_1_2_as_well_as_1_3() throws Exception {
        Issued rsa = ca.issue("server-rsa", "inventory", 1002, "rsa");
        try (var inventory = start(rsa, null)) {
            SSLContext tls12 = SSLContext.getInstance("TLSv1.2");
            tls12.init(null, trustManagers(), null);
            var response = https(inventory.port(), tls12);
            assertEquals(200, response.statusCode());
            assertEquals("TLSv1.2", response.sslSession().orElseThrow().getProtocol());
            assertEquals(BigInteger.valueOf(1002), serial(response));
        }
    }

    @Test
    void plain_http_and_plain_websocket_on_the_tls_port_get_nothing() throws Exception {
        try (var inventory = start(server, null)) {
            assertTrue(Http.tryGet(inventory.port(), "/health", Http.JSON).isEmpty());
            assertThrows(
                    IOException.class,
                    () -> RawWebSocket.connect(inventory.port(), WAIT).close());
        }
    }

    @Test
    void with_a_client_ca_only_a_client_certificate_it_signed_gets_in() throws Exception {
        try (var inventory = start(server, clientCa)) {
            assertThrows(IOException.class, () -> https(inventory.port(), TestCertificates.trusting(ca.certificate())));
            assertThrows(
                    IOException.class,
                    () -> https(inventory.port(), TestCertificates.trusting(ca.certificate(), stranger)));
            assertEquals(
                    200,
                    https(inventory.port(), TestCertificates.trusting(ca.certificate(), client))
                            .statusCode());
            try (var ws = WsClient.connectTls(inventory.port(), TestCertificates.trusting(ca.certificate(), client))) {
                assertEquals(STORED, ws.send(RECORD).reply());
            }
            assertThrows(
                    IOException.class,
                    () -> RawWebSocket.connectTls(
                                    inventory.port(), WAIT, TestCertificates.trusting(ca.certificate(), stranger))
                            .reply());
        }
    }

    @Test
    void a_renewed_certificate_goes_to_new_connections_while_open_ones_go_on_with_theirs() throws Exception {
        Path live = Files.createDirectories(TLS.dir().resolve("renewed"));
        Issued files = new Issued(live.resolve("server.pem"), live.resolve("server.key"), ca.certificate());
        server.copyTo(files);
        try (var inventory = start(files, null);
                var open =
                        RawWebSocket.connectTls(inventory.port(), WAIT, TestCertificates.trusting(ca.certificate()))) {
            assertEquals(STORED, open.text(RECORD).reply());
            ca.issue("renewal", "inventory", 2002, "ec").copyTo(files);

            Await.until(
                    "a new connection gets the renewed certificate",
                    WAIT,
                    () -> serialOfNewConnection(inventory).equals(BigInteger.valueOf(2002)));
            assertEquals(
                    BigInteger.valueOf(1001),
                    ((X509Certificate) open.tlsSession().getPeerCertificates()[0]).getSerialNumber());
            assertEquals(
                    "{\"ok\":true,\"seq\":2,\"inserted\":1,\"duplicates\":0}",
                    open.text(RECORD).reply());
        }
    }

    @Test
    void a_broken_renewal_keeps_the_certificate_in_use_and_logs_why_without_the_key() throws Exception {
        Path live = Files.createDirectories(TLS.dir().resolve("broken"));
        Issued files = new Issued(live.resolve("server.pem"), live.resolve("server.key"), ca.certificate());
        server.copyTo(files);
        var warnings = new CopyOnWriteArrayList<String>();
        Logger logger = Logger.getLogger(TlsReloader.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try (var inventory = start(files, null)) {
            // The key of another certificate: both files are PEM, but they do not belong together.
            Issued other = ca.issue("other", "inventory", 4004, "ec");
            Files.copy(other.key(), files.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            Await.until("the reload refused the files", WAIT, () -> !warnings.isEmpty());
            assertEquals(
                    List.of("TLS files changed but cannot be used; the previous certificate stays: API_TLS_KEY ('"
                            + files.key() + "'): is not the private key of the first certificate of API_TLS_CERT ('"
                            + files.certificate() + "', CN=inventory, serial 03e9, valid until "
                            + TestCertificates.certificate(files.certificate())
                                    .getNotAfter()
                                    .toInstant() + ")"),
                    warnings);
            assertEquals(BigInteger.valueOf(1001), serialOfNewConnection(inventory));
            String key = Files.readString(other.key());
            String keyBody = key.substring(key.indexOf('\n') + 1, key.indexOf('\n') + 40);
            assertFalse(String.join("\n", warnings).contains(keyBody));
        } finally {
            logger.removeHandler(handler);
        }
    }

    private static BigInteger serialOfNewConnection(InventoryServer inventory) {
        try {
            // A new context each time: no session of an earlier connection is resumed.
            return serial(https(inventory.port(), TestCertificates.trusting(ca.certificate())));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static InventoryServer start(Issued certificate, Authority clients) {
        return InventoryServer.start(
                Settings.from(TestEnv.server(COLLECTION, TlsFixture.serverEnv(certificate, clients))));
    }

    static HttpResponse<String> https(int port, SSLContext tls) throws IOException, InterruptedException {
        var http = HttpClient.newBuilder().sslContext(tls).connectTimeout(WAIT).build();
        var request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/display"))
                .header("Accept", "application/json")
                .timeout(WAIT)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static BigInteger serial(HttpResponse<?> response) throws IOException {
        try {
            return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new IOException(e);
        }
    }

    private static javax.net.ssl.TrustManager[] trustManagers() throws Exception {
        var store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", TestCertificates.certificate(ca.certificate()));
        var factory =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }
}
