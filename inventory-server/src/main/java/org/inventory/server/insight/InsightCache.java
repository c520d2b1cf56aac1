package org.inventory.server.insight;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The answers of {@code /summary}, {@code /schema} and {@code /overview} kept for a short time
 * ({@code INVENTORY_INSIGHT_CACHE_SECONDS}), so that a page that many people open or refresh does not read the records
 * again for each of them. A key holds everything that changes an answer: the route, its parameters and the filter
 * the caller may read (the credential's {@code read_filter} within it), in a form that keeps the order and the
 * types of the filter's values. At most {@value #ENTRIES} answers are kept, the least recently used going first.
 * While an answer is being computed, the same request waits for it rather than computing it again; an answer that
 * failed is not kept.
 */
final class InsightCache {
    static final int ENTRIES = 256;
    private static final JsonWriterSettings CANONICAL =
            JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    /** An answer and the time its computation started, which its age counts from. */
    record Aged<T>(T value, Instant computed) {
        /** Whole seconds since it was computed, as an {@code Age} header says it. */
        long ageSeconds(Instant now) {
            return Math.max(0, Duration.between(computed, now).toSeconds());
        }
    }

    private record Pending(CompletableFuture<Aged<?>> answer, Instant started) {}

    private final Duration lifetime;
    private final Clock clock;
    private final Map<String, Pending> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
            return size() > ENTRIES;
        }
    };

    InsightCache(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /**
     * The answer of {@code key}: the kept one while it is younger than the lifetime (or being computed), else
     * computed now and kept. {@code fresh} computes it anew whatever is kept (a request's
     * {@code Cache-Control: no-cache}).
     */
    @SuppressWarnings("unchecked") // a key is only ever used with one type of answer (it starts with its route)
    <T> Aged<T> get(String key, boolean fresh, Supplier<T> compute) {
        Instant now = clock.instant();
        if (lifetime.isZero()) {
            return new Aged<>(compute.get(), now);
        }
        Pending entry;
        boolean mine = false;
        synchronized (entries) {
            entry = entries.get(key);
            if (fresh || entry == null || expired(entry, now)) {
                entry = new Pending(new CompletableFuture<>(), now);
                entries.put(key, entry);
                mine = true;
            }
        }
        if (mine) {
            try {
                var aged = new Aged<>(compute.get(), now);
                entry.answer().complete(aged);
                return aged;
            } catch (RuntimeException | Error e) {
                synchronized (entries) {
                    entries.remove(key, entry);
                }
                entry.answer().completeExceptionally(e);
                throw e;
            }
        }
        try {
            return (Aged<T>) entry.answer().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private boolean expired(Pending entry, Instant now) {
        if (!entry.answer().isDone()) {
            return false;
        }
        return entry.answer().isCompletedExceptionally()
                || !now.isBefore(entry.started().plus(lifetime));
    }

    /**
     * A key: the route and what changes its answer, as canonical Extended JSON, which keeps the order of a
     * document's fields and the type of every value (an equality on {@code {"a":1,"b":2}} is not one on
     * {@code {"b":2,"a":1}}, nor 1 the same as 1.5 or "1").
     */
    static String key(String route, BsonDocument parts) {
        return route + " " + parts.toJson(CANONICAL);
    }

    /** Whether the request asks for an answer computed anew ({@code Cache-Control: no-cache}, {@code Pragma}). */
    static boolean noCache(ServerRequest req) {
        return req.headers().values(HeaderNames.CACHE_CONTROL).stream()
                        .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("no-cache"))
                || req.headers().values(HeaderNames.PRAGMA).stream()
                        .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("no-cache"));
    }

    /** The answer's {@code Age} (RFC 9111, 5.1): whole seconds since it was computed, 0 for one computed now. */
    void age(Aged<?> answer, ServerResponse res) {
        res.header(HeaderNames.AGE, Long.toString(answer.ageSeconds(clock.instant())));
    }

    /** How many answers are kept (for tests). */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
