package org.inventory.server.access;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonDocument;
import org.inventory.core.ErrorCode;
import org.inventory.core.Rejection;

/**
 * What one ingest connection may send, checked at each message before anything of it is stored: that its
 * credential is still valid (a reload may have revoked or changed it; an expiry may have passed), that every record
 * matches the credential's {@code ingest_filter}, and that the message fits its rate. Counts what it admitted, for
 * the audit's disconnect line.
 */
public final class IngestGrant {
    /** The grant of an open ingest scope: everything, from anyone. A grant with access but no credential: nothing. */
    public static final IngestGrant ANYONE = new IngestGrant(null, null, null);

    private final AccessControl access;
    private final Credential credential;
    private final String address;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong records = new AtomicLong();

    IngestGrant(AccessControl access, Credential credential, String address) {
        this.access = access;
        this.credential = credential;
        this.address = address;
    }

    /** The credential's name, if the connection presented one. */
    public Optional<String> name() {
        return Optional.ofNullable(credential).map(Credential::name);
    }

    /** Audits the connection's opening. */
    public void connected() {
        if (credential != null) {
            access.audit().event("connect", "credential", credential.name(), "address", address);
        }
    }

    /** Audits the connection's end, with what it sent. */
    public void disconnected() {
        if (credential != null) {
            access.audit()
                    .event(
                            "disconnect",
                            "credential",
                            credential.name(),
                            "address",
                            address,
                            "messages",
                            messages.get(),
                            "records",
                            records.get());
        }
    }

    /** Null when the records may be stored; otherwise why the whole message is refused. */
    public Rejection admit(List<? extends BsonDocument> batch) {
        if (access == null) {
            return null;
        }
        Optional<AccessControl.Entry> current = credential == null ? Optional.empty() : access.current(credential);
        if (current.isEmpty()) {
            String name = credential == null ? null : credential.name();
            access.audit()
                    .event("ingest_refused", "credential", name, "address", address, "reason", "revoked_or_expired");
            return Rejection.of(
                    ErrorCode.FORBIDDEN,
                    "the connection's credential was revoked or has expired;" + " connect again with a valid token");
        }
        AccessControl.Entry entry = current.get();
        if (!entry.credential.scopes().contains(Scope.INGEST)) {
            return Rejection.of(
                    ErrorCode.FORBIDDEN, "the credential '" + credential.name() + "' no longer has the ingest scope");
        }
        if (entry.ingestMatcher != null) {
            for (int i = 0; i < batch.size(); i++) {
                if (!entry.ingestMatcher.matches(batch.get(i))) {
                    access.audit()
                            .event(
                                    "ingest_refused",
                                    "credential",
                                    credential.name(),
                                    "address",
                                    address,
                                    "reason",
                                    "ingest_filter",
                                    "index",
                                    i);
                    return new Rejection(
                            ErrorCode.FORBIDDEN,
                            "the record is outside what the credential '" + credential.name()
                                    + "' may send (its ingest_filter); nothing of the message was stored",
                            i,
                            "");
                }
            }
        }
        long wait = access.take(entry.credential, batch.size(), access.nanos());
        if (wait > 0) {
            access.audit()
                    .event("rate_limited", "credential", credential.name(), "scope", "ingest", "retry_after_ms", wait);
            return Rejection.retryAfter(
                    ErrorCode.RATE_LIMITED,
                    "the credential '" + credential.name()
                            + "' is over its rate ("
                            + entry.credential.rate().orElseThrow().perSecond()
                            + " records/s); nothing of the message was stored, send it again after retry_after_ms",
                    wait);
        }
        messages.incrementAndGet();
        records.addAndGet(batch.size());
        return null;
    }
}
