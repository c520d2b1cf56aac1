package org.inventory.server.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the server's TLS material lies ({@code API_TLS_CERT}, {@code API_TLS_KEY}, {@code API_TLS_CLIENT_CA}): PEM
 * files that are read, checked and read again when they change by the security package, not here.
 *
 * @param certificate the server's certificate chain, its own certificate first
 * @param key         its PKCS#8 RSA or EC private key
 * @param clientCa    the certificates of the CA that signs client certificates, when clients must present one
 */
public record TlsFiles(Path certificate, Path key, Optional<Path> clientCa) {
    public static final String CERT = "API_TLS_CERT";
    public static final String KEY = "API_TLS_KEY";
    public static final String CLIENT_CA = "API_TLS_CLIENT_CA";
}
