package org.inventory.server.access;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.inventory.core.query.FilterMatcher;
import org.inventory.core.query.FilterSpec;

/**
 * Who may do what, decided at each door: an ingest upgrade, each ingest message, each read request. Three ways to
 * set it up, never mixed: open (no token, a trusted network), the single tokens of a plain set-up
 * ({@code INGEST_TOKEN}, {@code INVENTORY_READ_TOKEN}, each guarding its own scope), or named credentials from
 * {@code INVENTORY_CREDENTIALS_FILE}, read again when the file changes. Tokens are looked up by their SHA-256 and
 * compared in constant time; failures are counted per address, and every refusal goes to the {@link Audit}.
 */
public final class AccessControl {
    private static final System.Logger LOG = System.getLogger(AccessControl.class.getName());

    private final Set<Scope> openScopes;
    private final FailureGuard failures;
    private final Audit audit;
    private final Clock clock;
    private final LongSupplier nanos;
    /** Buckets by credential name, kept across reloads while the rate stays the same. */
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    private volatile Known known;

    AccessControl(
            Set<Scope> openScopes,
            List<Credential> credentials,
            int failuresPerMinute,
            Audit audit,
            Clock clock,
            LongSupplier nanos) {
        this.openScopes = Set.copyOf(openScopes);
        this.failures = new FailureGuard(failuresPerMinute);
        this.audit = audit;
        this.clock = clock;
        this.nanos = nanos;
        this.known = new Known(credentials);
    }

    /** Everything open to everyone: the set-up for a trusted network. */
    public static AccessControl open(Audit audit) {
        return new AccessControl(
                EnumSet.allOf(Scope.class), List.of(), Integer.MAX_VALUE, audit, Clock.systemUTC(), System::nanoTime);
    }

    /**
     * The single tokens of a plain set-up: each guards its own scope, and a scope without one is open. The same
     * token given for both is one credential with both scopes.
     */
    public static AccessControl singleTokens(
            Optional<String> ingest, Optional<String> read, int failuresPerMinute, Audit audit) {
        Set<Scope> open = EnumSet.allOf(Scope.class);
        var byToken = new HashMap<String, Set<Scope>>();
        ingest.ifPresent(token ->
                byToken.computeIfAbsent(token, t -> EnumSet.noneOf(Scope.class)).add(Scope.INGEST));
        read.ifPresent(token ->
                byToken.computeIfAbsent(token, t -> EnumSet.noneOf(Scope.class)).add(Scope.READ));
        List<Credential> credentials = byToken.entrySet().stream()
                .map(e -> {
                    open.removeAll(e.getValue());
                    String name = e.getValue().size() == 2
                            ? "token"
                            : e.getValue().contains(Scope.INGEST) ? "INGEST_TOKEN" : "INVENTORY_READ_TOKEN";
                    return new Credential(
                            name,
                            Credential.hash(e.getKey()),
                            e.getValue(),
                            Optional.empty(),
                            FilterSpec.all(),
                            FilterSpec.all(),
                            Optional.empty());
                })
                .toList();
        return new AccessControl(open, credentials, failuresPerMinute, audit, Clock.systemUTC(), System::nanoTime);
    }

    /**
     * Named credentials from a file; nothing is open.
     *
     * @throws InvalidCredentialsException naming the line that cannot be used
     */
    public static AccessControl fromFile(Path file, int failuresPerMinute, Audit audit) {
        return new AccessControl(
                Set.of(), CredentialsFile.read(file), failuresPerMinute, audit, Clock.systemUTC(), System::nanoTime);
    }

    /** Whether anything asks for a token (and so whether the routes say who their caller is). */
    public boolean guards(Scope scope) {
        return !openScopes.contains(scope);
    }

    /** How many credentials are known now. */
    public int size() {
        return known.byHash.size();
    }

    /**
     * Decides a request for {@code scope} that presents the {@code Authorization} header's value (if any), from
     * {@code address}. A read that passes takes one from the credential's rate.
     */
    public Decision check(Optional<String> authorization, Scope scope, String address) {
        if (openScopes.contains(scope)) {
            return Decision.allowed(Optional.empty());
        }
        long now = nanos.getAsLong();
        long blocked = failures.blockedFor(address, now);
        if (blocked > 0) {
            audit.event("auth_refused", "address", address, "scope", scope.wireName(), "reason", "too_many_failures");
            return Decision.tooMany("too many failed authentications from this address; try again later", blocked);
        }
        Optional<String> token = BearerToken.from(authorization);
        if (token.isEmpty()) {
            audit.event("auth_refused", "address", address, "scope", scope.wireName(), "reason", "missing");
            return Decision.refused(Decision.Verdict.UNAUTHORIZED, "missing");
        }
        Entry entry = known.find(Credential.hash(token.get()));
        if (entry == null || entry.credential.expiredAt(clock.instant())) {
            String reason = entry == null ? "unknown" : "expired";
            if (failures.failed(address, now)) {
                LOG.log(Level.WARNING, "too many failed authentications from " + address + ": refused for a minute");
            }
            audit.event(
                    "auth_refused",
                    "address",
                    address,
                    "scope",
                    scope.wireName(),
                    "reason",
                    reason,
                    "credential",
                    entry == null ? null : entry.credential.name());
            return Decision.refused(Decision.Verdict.UNAUTHORIZED, reason);
        }
        Credential credential = entry.credential;
        if (!credential.scopes().contains(scope)) {
            audit.event(
                    "auth_refused",
                    "address",
                    address,
                    "scope",
                    scope.wireName(),
                    "reason",
                    "scope",
                    "credential",
                    credential.name());
            return Decision.refused(
                    Decision.Verdict.FORBIDDEN,
                    "the credential '" + credential.name() + "' does not have the " + scope.wireName() + " scope");
        }
        if (scope == Scope.READ) {
            long wait = take(credential, 1, now);
            if (wait > 0) {
                audit.event(
                        "rate_limited",
                        "credential",
                        credential.name(),
                        "scope",
                        scope.wireName(),
                        "retry_after_ms",
                        wait);
                return Decision.tooMany(
                        "the credential '" + credential.name() + "' is over its rate; try again in " + wait + " ms",
                        wait);
            }
            entry.readSeen(credential.name(), address, TimeUnit.NANOSECONDS.toMinutes(now), audit);
        }
        return Decision.allowed(Optional.of(credential));
    }

    /**
     * The credential as it is now (a reload may have changed or revoked it), or empty when it is gone or expired.
     * An open scope's anonymous caller has no credential and is never asked about.
     */
    Optional<Entry> current(Credential credential) {
        Entry entry = known.byName.get(credential.name());
        if (entry == null
                || !entry.credential.isFor(credential.sha256())
                || entry.credential.expiredAt(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    /** Takes {@code count} from the credential's rate; 0 when taken, else the milliseconds to wait. */
    long take(Credential credential, long count, long now) {
        if (credential.rate().isEmpty()) {
            return 0;
        }
        Rate rate = credential.rate().get();
        TokenBucket bucket = buckets.compute(
                credential.name(),
                (name, old) -> old != null && old.rate().equals(rate) ? old : new TokenBucket(rate, now));
        return bucket.take(count, now);
    }

    long nanos() {
        return nanos.getAsLong();
    }

    Audit audit() {
        return audit;
    }

    /**
     * An upgraded ingest connection's rights, checked again at each message: those of the credential its
     * {@code Authorization} names (the admission filter has decided and audited the upgrade already).
     */
    public IngestGrant ingestGrant(Optional<String> authorization, String address) {
        if (openScopes.contains(Scope.INGEST)) {
            return IngestGrant.ANYONE;
        }
        Entry entry = BearerToken.from(authorization)
                .map(token -> known.find(Credential.hash(token)))
                .orElse(null);
        return new IngestGrant(this, entry == null ? null : entry.credential, address);
    }

    /**
     * Reads the credentials file again. A file that cannot be used leaves the credentials as they were: the
     * reason is logged and audited. Returns whether the new set is in force.
     */
    public boolean reload(Path file) {
        List<Credential> credentials;
        try {
            credentials = CredentialsFile.read(file);
        } catch (InvalidCredentialsException e) {
            LOG.log(
                    Level.WARNING,
                    "INVENTORY_CREDENTIALS_FILE not reloaded, the previous credentials stay: " + e.getMessage());
            audit.event("reload", "what", "credentials", "ok", false, "reason", e.getMessage());
            return false;
        }
        known = new Known(credentials);
        buckets.keySet().retainAll(known.byName.keySet());
        LOG.log(Level.INFO, "INVENTORY_CREDENTIALS_FILE reloaded: " + credentials.size() + " credentials");
        audit.event("reload", "what", "credentials", "ok", true, "credentials", credentials.size());
        return true;
    }

    /** A credential as the checks use it: its ingest matcher made once per load. */
    static final class Entry {
        final Credential credential;
        final FilterMatcher ingestMatcher;
        private long readMinute = -1;

        Entry(Credential credential) {
            this.credential = credential;
            this.ingestMatcher = credential.ingestMatcher();
        }

        /** The first read of each minute is audited, not every one. */
        synchronized void readSeen(String name, String address, long minute, Audit audit) {
            if (minute != readMinute) {
                readMinute = minute;
                audit.event("read", "credential", name, "address", address);
            }
        }
    }

    /** The credentials of one load, by token hash and by name. */
    private static final class Known {
        final Map<String, Entry> byHash = new HashMap<>();
        final Map<String, Entry> byName = new HashMap<>();

        Known(List<Credential> credentials) {
            for (Credential credential : credentials) {
                var entry = new Entry(credential);
                byHash.put(HexFormat.of().formatHex(credential.sha256()), entry);
                byName.put(credential.name(), entry);
            }
        }

        /**
         * The entry of a token's hash. The map finds the candidate by the hash, which tells nothing about any
         * token; the constant-time compare then confirms it.
         */
        Entry find(byte[] hash) {
            Entry entry = byHash.get(HexFormat.of().formatHex(hash));
            return entry != null && entry.credential.isFor(hash) ? entry : null;
        }
    }
}
