package org.inventory.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made for a test run by {@code openssl} (a test authority, server and client certificates with their
 * PKCS#8 keys, as operators make them), and the JDK's TLS contexts that trust them. Nothing of it is committed:
 * every key is made fresh in a temporary folder. Tests first ask {@link #unavailable()} and skip with its reason.
 */
public final class TestCertificates {
    private static final Duration OPENSSL_WAIT = Duration.ofSeconds(60);

    private TestCertificates() {}

    /** Why certificates cannot be made here (no {@code openssl}), or null when they can. */
    public static String unavailable() {
        try {
            run(Path.of("."), "openssl", "version");
            return null;
        } catch (IOException e) {
            return "openssl is not installed (" + e.getMessage() + "): no test certificates";
        }
    }

    /** A certificate authority: its certificate and key in {@code dir} as {@code NAME.pem} and {@code NAME.key}. */
    public record Authority(Path dir, String name, Path certificate, Path key) {

        /**
         * A certificate for {@code localhost} and {@code 127.0.0.1} (server and client use) signed by this authority,
         * with this serial, its key of {@code keyType} ({@code ec} or {@code rsa}), as {@code fileName.pem} and
         * {@code fileName.key} in the authority's folder.
         */
        public Issued issue(String fileName, String commonName, long serial, String keyType) throws IOException {
            Path cert = dir.resolve(fileName + ".pem");
            Path key = dir.resolve(fileName + ".key");
            Path request = dir.resolve(fileName + ".csr");
            Path extensions = dir.resolve(fileName + ".ext");
            Files.writeString(extensions, """
                    basicConstraints=critical,CA:FALSE
                    keyUsage=critical,digitalSignature,keyEncipherment
                    extendedKeyUsage=serverAuth,clientAuth
                    subjectAltName=DNS:localhost,IP:127.0.0.1
                    """);
            run(dir, newKey(keyType, key, "-subj", "/CN=" + commonName, "-out", request.toString()));
            run(
                    dir,
                    "openssl",
                    "x509",
                    "-req",
                    "-in",
                    request.toString(),
                    "-CA",
                    certificate.toString(),
                    "-CAkey",
                    this.key.toString(),
                    "-set_serial",
                    Long.toString(serial),
                    "-days",
                    "2",
                    "-sha256",
                    "-extfile",
                    extensions.toString(),
                    "-out",
                    cert.toString());
            Files.delete(request);
            Files.delete(extensions);
            return new Issued(cert, key, certificate);
        }
    }

    /** A certificate with its key, and the certificate of the authority that signed it. */
    public record Issued(Path certificate, Path key, Path authority) {

        /** Copies certificate and key over {@code target}'s files, as a renewal does. */
        public void copyTo(Issued target) throws IOException {
            Files.copy(certificate, target.certificate, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(key, target.key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A new authority in {@code dir}, with an EC key. */
    public static Authority authority(Path dir, String name) throws IOException {
        Path cert = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + ".key");
        run(
                dir,
                newKey(
                        "ec",
                        key,
                        "-x509",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=" + name,
                        "-out",
                        cert.toString(),
                        "-addext",
                        "basicConstraints=critical,CA:TRUE",
                        "-addext",
                        "keyUsage=critical,keyCertSign,cRLSign"));
        return new Authority(dir, name, cert, key);
    }

    /** A client context that trusts {@code authority}'s certificates only, and presents no certificate. */
    public static SSLContext trusting(Path authority) {
        return context(authority, null);
    }

    /** A client context that trusts {@code authority} and presents {@code client} (mutual TLS). */
    public static SSLContext trusting(Path authority, Issued client) {
        return context(authority, client);
    }

    public static X509Certificate certificate(Path pem) throws IOException {
        return certificates(pem).getFirst();
    }

    public static List<X509Certificate> certificates(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> all =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> certificates = new ArrayList<>();
            all.forEach(c -> certificates.add((X509Certificate) c));
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext context(Path authority, Issued client) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate ca : certificates(authority)) {
                trust.setCertificateEntry("ca" + i++, ca);
            }
            var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManagerFactory keyManagers = null;
            if (client != null) {
                char[] password = "test".toCharArray();
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry(
                        "client",
                        privateKey(client.key()),
                        password,
                        certificates(client.certificate()).toArray(new Certificate[0]));
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keys, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context from " + authority + ": " + e, e);
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        try {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        } catch (GeneralSecurityException e) {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        }
    }

    private static String[] newKey(String keyType, Path key, String... rest) {
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-new", "-nodes", "-keyout", key.toString()));
        if (keyType.equals("rsa")) {
            command.addAll(List.of("-newkey", "rsa:2048"));
        } else {
            command.addAll(List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"));
        }
        command.addAll(List.of(rest));
        return command.toArray(new String[0]);
    }

    private static void run(Path dir, String... command) throws IOException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(OPENSSL_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
