package org.inventory.server.insight;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.inventory.server.http.InvalidParameterException;

/**
 * {@code group=@arrival:minute|hour|day}: buckets of the ObjectId time of {@code _id} from {@code from} to {@code to},
 * both rounded outward to whole buckets (UTC).
 *
 * @param unit  the bucket's width
 * @param start the first bucket's start
 * @param end   the last bucket's end (exclusive)
 */
record Arrival(Unit unit, Instant start, Instant end) {
    static final String PREFIX = "@arrival:";
    static final int MAX_BUCKETS = 10_000;

    enum Unit {
        MINUTE(Duration.ofMinutes(1), Duration.ofMinutes(60)),
        HOUR(Duration.ofHours(1), Duration.ofHours(48)),
        DAY(Duration.ofDays(1), Duration.ofDays(30));

        final Duration width;
        final Duration span;

        Unit(Duration width, Duration span) {
            this.width = width;
            this.span = span;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Arrival of(String group, Optional<String> fromText, Optional<String> toText, Instant now) {
        String name = group.substring(PREFIX.length());
        Unit unit;
        try {
            unit = Unit.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(
                    "group", "group=@arrival takes minute, hour or day, as @arrival:minute, not '" + name + "'");
        }
        Instant to = toText.map(text -> instant("to", text)).orElse(now);
        Instant from = fromText.map(text -> instant("from", text)).orElse(to.minus(unit.span));
        if (from.isAfter(to)) {
            throw new InvalidParameterException("from", "from (" + from + ") is after to (" + to + ")");
        }
        long width = unit.width.toMillis();
        long start = Math.floorDiv(from.toEpochMilli(), width) * width;
        long end = Math.floorDiv(to.toEpochMilli(), width) * width + width;
        long buckets = (end - start) / width;
        if (buckets > MAX_BUCKETS) {
            throw new InvalidParameterException(
                    "from",
                    "from and to span " + buckets + " buckets of a " + unit.label() + "; at most " + MAX_BUCKETS
                            + " are served: narrow the range or take a wider bucket");
        }
        return new Arrival(unit, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end));
    }

    int buckets() {
        return (int) ((end.toEpochMilli() - start.toEpochMilli()) / unit.width.toMillis());
    }

    /** The bucket of an instant, or -1 outside the range. */
    int bucket(Instant time) {
        long offset = time.toEpochMilli() - start.toEpochMilli();
        if (offset < 0 || time.compareTo(end) >= 0) {
            return -1;
        }
        return (int) (offset / unit.width.toMillis());
    }

    Instant bucketStart(int index) {
        return start.plus(unit.width.multipliedBy(index));
    }

    private static Instant instant(String parameter, String text) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(
                    parameter,
                    parameter + " must be an ISO-8601 time with its offset, " + "e.g. 2026-12-07T10:00:00Z, not '"
                            + text + "'");
        }
    }
}
