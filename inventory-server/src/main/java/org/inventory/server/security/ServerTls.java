package org.inventory.server.security;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.inventory.server.config.ConfigException;
import org.inventory.server.config.TlsFiles;

/**
 * The server's TLS made from its PEM files with Helidon's own reader ({@link Keys}) and {@link Tls}: the certificate
 * chain, the PKCS#8 RSA or EC key that must belong to its first certificate, TLS 1.3 and 1.2 only, and with a client
 * CA a client certificate signed by it required. Each file that does not hold what it should is refused by a
 * {@link ConfigException} naming its variable and saying why, never showing what is in it.
 */
public final class ServerTls {
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final PemFiles source;
    private final Tls tls;
    private final X509Certificate certificate;

    private ServerTls(PemFiles source, Tls tls, X509Certificate certificate) {
        this.source = source;
        this.tls = tls;
        this.certificate = certificate;
    }

    /** Reads and checks the files; throws {@link ConfigException} naming the variable of the first bad one. */
    public static ServerTls load(TlsFiles files) {
        return from(PemFiles.read(files));
    }

    static ServerTls from(PemFiles pem) {
        TlsFiles files = pem.files();
        List<X509Certificate> chain = certificates(TlsFiles.CERT, pem.certificate(), files.certificate());
        PrivateKey key = privateKey(pem);
        X509Certificate leaf = chain.getFirst();
        if (!belongsTo(key, leaf)) {
            throw PemFiles.invalid(
                    TlsFiles.KEY,
                    files.key(),
                    "is not the private key of the first certificate of " + TlsFiles.CERT + " ('" + files.certificate()
                            + "', " + describe(leaf) + ")");
        }
        Optional<List<X509Certificate>> clientCa = pem.clientCa()
                .map(bytes ->
                        certificates(TlsFiles.CLIENT_CA, bytes, files.clientCa().orElseThrow()));
        var builder = Tls.builder().privateKey(key).privateKeyCertChain(chain).enabledProtocols(PROTOCOLS);
        clientCa.ifPresent(cas -> builder.trust(cas).clientAuth(TlsClientAuth.REQUIRED));
        try {
            return new ServerTls(pem, builder.build(), leaf);
        } catch (RuntimeException e) {
            // What Helidon or the JDK refuse beyond the checks above; their messages hold no key material.
            throw PemFiles.invalid(
                    TlsFiles.CERT, files.certificate(), "cannot be used for TLS with its key (" + e.getMessage() + ")");
        }
    }

    public Tls tls() {
        return tls;
    }

    /** The server's own certificate: the first of the chain. */
    public X509Certificate certificate() {
        return certificate;
    }

    PemFiles source() {
        return source;
    }

    /** Subject, serial and end of validity: what an operator checks after a renewal. */
    public String description() {
        return describe(certificate);
    }

    boolean expired(Instant now) {
        return now.isAfter(certificate.getNotAfter().toInstant());
    }

    static String describe(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName() + ", serial "
                + HexFormat.of().formatHex(certificate.getSerialNumber().toByteArray()) + ", valid until "
                + certificate.getNotAfter().toInstant();
    }

    private static List<X509Certificate> certificates(String variable, byte[] bytes, java.nio.file.Path path) {
        try {
            List<X509Certificate> certificates = Keys.builder()
                    .pem(pem -> pem.certificates(Resource.create(variable, bytes)))
                    .build()
                    .certs();
            if (!certificates.isEmpty()) {
                return certificates;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw PemFiles.invalid(variable, path, "holds no X.509 certificate in PEM (-----BEGIN CERTIFICATE-----)");
    }

    private static PrivateKey privateKey(PemFiles pem) {
        PrivateKey key;
        try {
            key = Keys.builder()
                    .pem(p -> p.key(Resource.create(TlsFiles.KEY, pem.key())))
                    .build()
                    .privateKey()
                    .orElse(null);
        } catch (RuntimeException e) {
            // Helidon's reader names only the kind of key it found, never its bytes; still, nothing of it is passed on.
            key = null;
        }
        if (key == null
                || !(key.getAlgorithm().equals("RSA") || key.getAlgorithm().equals("EC"))) {
            throw PemFiles.invalid(
                    TlsFiles.KEY,
                    pem.files().key(),
                    "holds no unencrypted PKCS#8 RSA or EC private key in PEM" + " (-----BEGIN PRIVATE KEY-----)"
                            + (key == null ? "" : "; found a " + key.getAlgorithm() + " key"));
        }
        return key;
    }

    /** Signs a random probe with the key and checks it with the certificate's public key. */
    private static boolean belongsTo(PrivateKey key, X509Certificate certificate) {
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A key of another type than the certificate's.
            return false;
        }
    }

    @Override
    public String toString() {
        return "ServerTls[" + description() + "]";
    }
}
