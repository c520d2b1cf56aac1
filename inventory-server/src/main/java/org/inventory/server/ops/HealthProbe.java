package org.inventory.server.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The container's health check when the server speaks TLS ({@code docker/healthcheck} runs it; without TLS the
 * script asks in plain HTTP itself): {@code GET /health} over TLS on {@code 127.0.0.1:API_PORT}, trusting exactly the
 * server's own certificate ({@code API_TLS_CERT}; no host name to check: it is the certificate of the server it runs
 * beside). With mutual TLS it presents {@code HEALTHCHECK_CLIENT_CERT} and {@code HEALTHCHECK_CLIENT_KEY}, or else the
 * server's own certificate and key (which works when the client CA signed it too). Exit 0 on a 2xx answer, 1 otherwise
 * with one line on why. Only the JDK: it starts in a fraction of a second.
 */
public final class HealthProbe {
    private static final int TIMEOUT_MS = 4000;
    private static final Pattern KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private HealthProbe() {}

    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.err));
    }

    static int run(Map<String, String> env, PrintStream err) {
        int port = Integer.parseInt(env.getOrDefault("API_PORT", "8080").strip());
        String status;
        try {
            status = ask(env, port);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            status = "nothing (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
        if (status.matches("HTTP/1\\.\\d 2\\d\\d( .*)?")) {
            return 0;
        }
        err.println("unhealthy: GET /health over TLS on port " + port + " answered '" + status + "'");
        return 1;
    }

    private static String ask(Map<String, String> env, int port) throws IOException, GeneralSecurityException {
        String certificate = env.get("API_TLS_CERT");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificates(Path.of(certificate)).getFirst());
        var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (present(env.get("API_TLS_CLIENT_CA"))) {
            boolean own = present(env.get("HEALTHCHECK_CLIENT_CERT"));
            Path cert = Path.of(own ? env.get("HEALTHCHECK_CLIENT_CERT") : certificate);
            Path key = Path.of(own ? env.getOrDefault("HEALTHCHECK_CLIENT_KEY", "") : env.get("API_TLS_KEY"));
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(
                    "client", privateKey(key), password, certificates(cert).toArray(new Certificate[0]));
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        try (var socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: application/json\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return statusLine(socket.getInputStream());
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n' && line.length() < 200; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<Certificate> certificates =
                    new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("no certificate in " + pem);
            }
            return certificates;
        }
    }

    /** A PKCS#8 RSA or EC key; a file without one is named, never shown. */
    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        Matcher matcher = KEY.matcher(Files.readString(pem, StandardCharsets.US_ASCII));
        if (matcher.find()) {
            var spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(1)));
            for (String algorithm : List.of("EC", "RSA")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(spec);
                } catch (GeneralSecurityException e) {
                    // the other one, then
                }
            }
        }
        throw new GeneralSecurityException("no PKCS#8 RSA or EC private key in " + pem);
    }
}
