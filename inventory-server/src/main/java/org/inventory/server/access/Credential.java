package org.inventory.server.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.inventory.core.query.FilterMatcher;
import org.inventory.core.query.FilterSpec;

/**
 * One named credential: the SHA-256 of its token (never the token), its scopes, and what limits it.
 *
 * @param name         who holds it, as the audit log and {@code INVENTORY_SOURCE_FIELD} name it
 * @param sha256       the SHA-256 of the token's UTF-8 bytes
 * @param scopes       what it may do
 * @param expires      when it stops working, if ever
 * @param ingestFilter what every record it sends must match; {@link FilterSpec#all()} for anything
 * @param readFilter   what it may read; {@link FilterSpec#all()} for everything
 * @param rate         how fast it may go, if limited
 */
@SuppressWarnings("ArrayRecordComponent") // equals and hashCode are written below; the hash is copied in and out
public record Credential(
        String name,
        byte[] sha256,
        Set<Scope> scopes,
        Optional<Instant> expires,
        FilterSpec ingestFilter,
        FilterSpec readFilter,
        Optional<Rate> rate) {
    public Credential {
        sha256 = sha256.clone();
        scopes = Set.copyOf(scopes);
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** Whether the token is this credential's, compared in constant time. */
    boolean isFor(byte[] tokenHash) {
        return MessageDigest.isEqual(sha256, tokenHash);
    }

    boolean expiredAt(Instant now) {
        return expires.isPresent() && !now.isBefore(expires.get());
    }

    /** The matcher of {@link #ingestFilter}, or null when every record may be sent. */
    FilterMatcher ingestMatcher() {
        return ingestFilter.selectsAll() ? null : ingestFilter.matcher();
    }

    /** Never shows the hash: the name says which credential it is. */
    @Override
    public String toString() {
        return "Credential[" + name + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Credential that
                && name.equals(that.name)
                && MessageDigest.isEqual(sha256, that.sha256)
                && scopes.equals(that.scopes)
                && expires.equals(that.expires)
                && ingestFilter.equals(that.ingestFilter)
                && readFilter.equals(that.readFilter)
                && rate.equals(that.rate);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** The SHA-256 of a token, as the credentials file holds it. */
    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** {@link #hash} in lower-case hex. */
    public static String hashHex(String token) {
        return HexFormat.of().formatHex(hash(token));
    }
}
