package org.inventory.server.security;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import org.inventory.server.config.ConfigException;
import org.inventory.server.config.TlsFiles;

/**
 * The bytes of the TLS files, read one after the other at one moment, and a digest of them all that tells whether
 * anything changed since. The key's bytes stay in here: nothing of them is ever put in a message.
 */
@SuppressWarnings("ArrayRecordComponent") // compared by their digest alone, never by equals
record PemFiles(TlsFiles files, byte[] certificate, byte[] key, Optional<byte[]> clientCa, byte[] digest) {

    static PemFiles read(TlsFiles files) {
        byte[] certificate = read(TlsFiles.CERT, files.certificate());
        byte[] key = read(TlsFiles.KEY, files.key());
        Optional<byte[]> clientCa = files.clientCa().map(path -> read(TlsFiles.CLIENT_CA, path));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(certificate);
            sha.update((byte) 0);
            sha.update(key);
            sha.update((byte) 0);
            clientCa.ifPresent(sha::update);
            return new PemFiles(files, certificate, key, clientCa, sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean sameAs(PemFiles other) {
        return other != null && MessageDigest.isEqual(digest, other.digest);
    }

    /** The message of a file that does not hold what it should: the variable, the path and why, never the content. */
    static ConfigException invalid(String variable, Path path, String why) {
        return new ConfigException(variable + " ('" + path + "'): " + why);
    }

    private static byte[] read(String variable, Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw invalid(variable, path, "no such file");
        } catch (AccessDeniedException e) {
            throw invalid(variable, path, "cannot be read: permission denied");
        } catch (IOException e) {
            throw invalid(variable, path, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PemFiles pem && files.equals(pem.files) && Arrays.equals(digest, pem.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    /** Only where the files are: never their content. */
    @Override
    public String toString() {
        return "PemFiles[" + files + "]";
    }
}
