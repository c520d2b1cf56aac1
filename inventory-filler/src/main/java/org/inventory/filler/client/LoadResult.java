package org.inventory.filler.client;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a load ended: the server's counts, how long it took, the first refusals, and why it stopped early if
 * it did. Every record is either acknowledged (inserted or a duplicate; from a server in upsert mode also replaced
 * or stale) or failed.
 *
 * @param failure  why the loader gave up before every record was answered
 * @param replaced records that replaced a stored one, or -1 when the server writes in insert mode
 * @param stale    records older than the stored version, or -1 when the server writes in insert mode
 */
public record LoadResult(
        long count,
        Duration elapsed,
        long acknowledged,
        long inserted,
        long duplicates,
        long refused,
        long refusedMessages,
        List<String> refusals,
        long retried,
        long reconnects,
        Optional<String> failure,
        long replaced,
        long stale) {

    public LoadResult(
            long count,
            Duration elapsed,
            long acknowledged,
            long inserted,
            long duplicates,
            long refused,
            long refusedMessages,
            List<String> refusals,
            long retried,
            long reconnects,
            Optional<String> failure) {
        this(
                count,
                elapsed,
                acknowledged,
                inserted,
                duplicates,
                refused,
                refusedMessages,
                refusals,
                retried,
                reconnects,
                failure,
                -1,
                -1);
    }

    public static LoadResult of(long count, Duration elapsed, Tally tally, Optional<String> failure) {
        return new LoadResult(
                count,
                elapsed,
                tally.acknowledged(),
                tally.inserted(),
                tally.duplicates(),
                tally.refused(),
                tally.refusedMessages(),
                tally.refusals(),
                tally.retried(),
                tally.reconnects(),
                failure,
                tally.upsert() ? tally.replaced() : -1,
                tally.upsert() ? tally.stale() : -1);
    }

    /** Records not acknowledged: refused by the server, or never answered before the loader gave up. */
    long failed() {
        return count - acknowledged;
    }

    public boolean complete() {
        return acknowledged == count;
    }

    /**
     * The final line: {@code N records in X s (Y records/s): inserted I, duplicates D, failed F}; from a server in
     * upsert mode {@code inserted I, replaced P, duplicates D, stale T, failed F}.
     */
    public String summary() {
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-3);
        if (replaced >= 0) {
            return String.format(
                    Locale.ROOT,
                    "%d records in %.1f s (%d records/s): inserted %d, replaced %d, duplicates %d,"
                            + " stale %d, failed %d",
                    count,
                    seconds,
                    Math.round(acknowledged / seconds),
                    inserted,
                    replaced,
                    duplicates,
                    stale,
                    failed());
        }
        return String.format(
                Locale.ROOT,
                "%d records in %.1f s (%d records/s): inserted %d, duplicates %d, failed %d",
                count,
                seconds,
                Math.round(acknowledged / seconds),
                inserted,
                duplicates,
                failed());
    }

    /** The import's final line: {@link #summary} and {@code , refused R} (I + D + F = N; the refused are among the failed). */
    public String importSummary() {
        return summary() + ", refused " + refused;
    }

    /** A dry run's final line: the records checked, how many keep the rules and how many do not. */
    public String dryRunSummary() {
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-3);
        return String.format(
                Locale.ROOT,
                "%d records checked in %.1f s (%d records/s): valid %d, refused %d;" + " nothing sent (--dry-run)",
                count,
                seconds,
                Math.round(count / seconds),
                count - refused,
                refused);
    }

    /** Why the run failed, in one line; empty when it did not. */
    public Optional<String> reason() {
        if (complete()) {
            return Optional.empty();
        }
        if (failure.isPresent()) {
            return failure;
        }
        return Optional.of(refused + " of " + count + " records were refused by the server (" + refusedMessages
                + (refusedMessages == 1 ? " message" : " messages") + "; see above)");
    }
}
