package org.inventory.server.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.bson.RawBsonDocument;
import org.inventory.core.query.FilterMatcher;

/**
 * The feed of what this instance acknowledged, for stores without change streams: a {@link RecordLog} that ingest
 * appends to, read by each subscriber at its own place, its filter evaluated here by {@link FilterMatcher}.
 */
final class InProcessSource implements LiveSource {
    /** Records a subscriber takes from the log at once: one write to its connection for all of them. */
    private static final int READ_AT_ONCE = 256;

    private final RecordLog log;
    /** Whether anyone ever subscribed: until then no event id of this log exists that a client could resume from. */
    private volatile boolean subscribed;

    InProcessSource(int capacity) {
        this.log = new RecordLog(
                HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()), capacity);
    }

    /** What ingest calls with the records the store has just acknowledged as stored (inserted or replacing one). */
    Consumer<List<RawBsonDocument>> acknowledged() {
        return log::append;
    }

    /** Whether anyone ever subscribed to this log (see {@link LiveFeed#listening}). */
    boolean subscribed() {
        return subscribed;
    }

    @Override
    public String name() {
        return "in-process";
    }

    @Override
    public Subscription subscribe(LiveFilter filter, Optional<String> lastEventId) {
        subscribed = true;
        // No filter: no need to decode the records to match them.
        FilterMatcher matcher = filter.matcher().orElse(null);
        long now = log.last();
        OptionalLong resume =
                lastEventId.map(id -> EventIds.sequence(id, log.instance())).orElse(OptionalLong.empty());
        boolean held = resume.isPresent() && log.holdsAfter(resume.getAsLong());
        return new LogSubscription(matcher, held ? resume.getAsLong() : now, lastEventId.isPresent() && !held);
    }

    @Override
    public void close() {
        log.close();
    }

    private final class LogSubscription implements Subscription {
        private final FilterMatcher matcher;
        private final boolean gap;
        private long after;

        LogSubscription(FilterMatcher matcher, long after, boolean gap) {
            this.matcher = matcher;
            this.after = after;
            this.gap = gap;
        }

        @Override
        public boolean startedWithGap() {
            return gap;
        }

        @Override
        public String position() {
            return EventIds.inProcess(log.instance(), after);
        }

        @Override
        public Poll next(Duration wait) throws InterruptedException {
            List<LoggedRecord> records = log.read(after, READ_AT_ONCE, wait.toNanos());
            if (records == null) {
                return Poll.LAGGED;
            }
            if (records.isEmpty()) {
                return log.closed() ? Poll.ENDED : Poll.of(List.of(), false);
            }
            after = records.getLast().sequence();
            var events = new ArrayList<LiveEvent>(records.size());
            for (LoggedRecord record : records) {
                if (matcher == null || matcher.matches(record.decoded())) {
                    events.add(record);
                }
            }
            return Poll.of(events, records.size() == READ_AT_ONCE);
        }

        @Override
        public void close() {
            // Nothing held: the place in the log is this object's alone.
        }
    }
}
