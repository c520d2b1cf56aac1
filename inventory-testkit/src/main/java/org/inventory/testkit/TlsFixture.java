package org.inventory.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.inventory.testkit.TestCertificates.Authority;
import org.inventory.testkit.TestCertificates.Issued;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The certificates of a TLS test class, made once for the class by {@code openssl} ({@link TestCertificates}), in a
 * temporary folder deleted after it: an authority for servers ({@link #ca}) and the server's certificate for
 * {@code localhost} and {@code 127.0.0.1} ({@link #server}, serial {@value #SERVER_SERIAL}, EC), and an authority for
 * clients ({@link #clientCa}) with a device's certificate ({@link #client}, serial {@value #CLIENT_SERIAL}). Registered
 * as a static extension, it runs before the class's own {@code @BeforeAll}; where {@code openssl} is missing the class
 * is skipped, saying why.
 */
public final class TlsFixture implements BeforeAllCallback, AfterAllCallback {
    public static final long SERVER_SERIAL = 1001;
    public static final long CLIENT_SERIAL = 3001;

    private final String clientKeyType;
    private Path dir;
    private Authority ca;
    private Issued server;
    private Authority clientCa;
    private Issued client;

    /** A device certificate with an EC key. */
    public TlsFixture() {
        this("ec");
    }

    /** A device certificate with a key of {@code clientKeyType}, {@code ec} or {@code rsa}. */
    public TlsFixture(String clientKeyType) {
        this.clientKeyType = clientKeyType;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        String unavailable = TestCertificates.unavailable();
        if (unavailable != null) {
            System.out.println(context.getRequiredTestClass().getSimpleName() + " skipped: " + unavailable);
        }
        Assumptions.assumeTrue(unavailable == null, unavailable);
        dir = Files.createTempDirectory("tls-test");
        ca = TestCertificates.authority(dir, "server-ca");
        server = ca.issue("server", "inventory", SERVER_SERIAL, "ec");
        clientCa = TestCertificates.authority(dir, "client-ca");
        client = clientCa.issue("device", "device-7", CLIENT_SERIAL, clientKeyType);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            // A folder left behind in the temporary directory only costs disk space: best effort.
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    /** The folder of the certificates, where a test may make more (another authority in a folder of its own). */
    public Path dir() {
        return dir;
    }

    /** The authority that signed {@link #server}: what clients trust. */
    public Authority ca() {
        return ca;
    }

    public Issued server() {
        return server;
    }

    /** The authority of devices: the server's {@code API_TLS_CLIENT_CA} with mutual TLS. */
    public Authority clientCa() {
        return clientCa;
    }

    /** A device's certificate, signed by {@link #clientCa}. */
    public Issued client() {
        return client;
    }

    /** A client context that trusts {@link #ca} and presents no certificate. */
    public SSLContext trusting() {
        return TestCertificates.trusting(ca.certificate());
    }

    /** The server's TLS variables for {@link #server}, with {@link #clientCa} when {@code mutual}. */
    public Map<String, String> serverEnv(boolean mutual) {
        return serverEnv(server, mutual ? clientCa : null);
    }

    /** {@code API_TLS_CERT} and {@code API_TLS_KEY} of {@code certificate}, and {@code API_TLS_CLIENT_CA} if given. */
    public static Map<String, String> serverEnv(Issued certificate, Authority clients) {
        var env = new HashMap<String, String>();
        env.put("API_TLS_CERT", certificate.certificate().toString());
        env.put("API_TLS_KEY", certificate.key().toString());
        if (clients != null) {
            env.put("API_TLS_CLIENT_CA", clients.certificate().toString());
        }
        return Map.copyOf(env);
    }
}
