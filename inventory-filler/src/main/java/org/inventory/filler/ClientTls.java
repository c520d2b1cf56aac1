package org.inventory.filler;

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
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS of {@code wss://}: the JDK's default trust store, or only the CA certificates of {@code --ca-file} (PEM);
 * with {@code --client-cert} and {@code --client-key} (PEM: the chain, and its PKCS#8 RSA or EC key) a client
 * certificate for servers that require one. A file that does not hold what it should is refused naming its option;
 * nothing of a key's content is ever shown.
 */
final class ClientTls {
    private static final Pattern KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private ClientTls() {}

    /** The sockets for {@code wss://}: the JDK's defaults when neither a CA nor a client certificate is given. */
    static SSLSocketFactory sockets(Optional<Path> caFile, Optional<Path> clientCert, Optional<Path> clientKey) {
        if (caFile.isEmpty() && clientCert.isEmpty()) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try {
            TrustManagerFactory trust = null;
            if (caFile.isPresent()) {
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                List<Certificate> cas = certificates("--ca-file", caFile.get());
                for (int i = 0; i < cas.size(); i++) {
                    anchors.setCertificateEntry("ca-" + i, cas.get(i));
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(anchors);
            }
            KeyManagerFactory keys = null;
            if (clientCert.isPresent()) {
                char[] password = new char[0];
                KeyStore own = KeyStore.getInstance("PKCS12");
                own.load(null, null);
                own.setKeyEntry(
                        "client",
                        privateKey(clientKey.orElseThrow()),
                        password,
                        certificates("--client-cert", clientCert.get()).toArray(new Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(own, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS from --ca-file, --client-cert and --client-key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static List<Certificate> certificates(String option, Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<Certificate> certificates =
                    new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (!certificates.isEmpty()) {
                return certificates;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    option + " '" + pem + "' cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (GeneralSecurityException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " '" + pem + "' holds no X.509 certificate in PEM");
    }

    private static PrivateKey privateKey(Path pem) {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "--client-key '" + pem + "' cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        Matcher matcher = KEY.matcher(text);
        if (matcher.find()) {
            try {
                var spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(1)));
                for (String algorithm : List.of("EC", "RSA")) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
                    } catch (GeneralSecurityException e) {
                        // the other one, then
                    }
                }
            } catch (IllegalArgumentException e) {
                // bad base64: reported below, without it
            }
        }
        throw new IllegalArgumentException("--client-key '" + pem
                + "' holds no unencrypted PKCS#8 RSA or EC private key in PEM (-----BEGIN PRIVATE KEY-----)");
    }
}
