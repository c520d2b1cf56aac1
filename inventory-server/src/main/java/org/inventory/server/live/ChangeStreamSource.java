package org.inventory.server.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.inventory.core.query.FilterSpec;
import org.inventory.core.store.InsertWatch;
import org.inventory.core.store.InvalidQueryException;
import org.inventory.core.store.RecordQueries;
import org.inventory.core.store.ResumePointLostException;
import org.inventory.core.store.StoreUnavailableException;

/**
 * The feed from MongoDB change streams, for replica sets and sharded clusters: one stream per subscriber, filtered
 * by the store, so every instance's subscribers see every instance's records. Resume tokens are MongoDB's, valid on
 * any instance; the point is held as long as the oplog holds it. A subscriber that reads too slowly for the oplog
 * lags; a store that fails ends the stream (the client reconnects with its last id and loses nothing).
 */
final class ChangeStreamSource implements LiveSource {
    private static final int READ_AT_ONCE = 256;
    /** How long one poll of the store waits: also how soon a subscriber notices that the server is stopping. */
    private static final Duration AWAIT = Duration.ofMillis(500);

    private final RecordQueries queries;
    private volatile boolean closed;

    ChangeStreamSource(RecordQueries queries) {
        this.queries = queries;
    }

    @Override
    public String name() {
        return "change streams";
    }

    @Override
    public Subscription subscribe(LiveFilter liveFilter, Optional<String> lastEventId) {
        FilterSpec filter = liveFilter.spec();
        Optional<String> token = lastEventId.flatMap(EventIds::resumeToken);
        boolean gap = lastEventId.isPresent() && token.isEmpty();
        InsertWatch watch;
        try {
            watch = queries.watchInserts(filter, token, AWAIT);
        } catch (ResumePointLostException e) {
            gap = true;
            watch = queries.watchInserts(filter, Optional.empty(), AWAIT);
        }
        return new WatchSubscription(watch, gap);
    }

    @Override
    public void close() {
        closed = true;
    }

    private final class WatchSubscription implements Subscription {
        private final InsertWatch watch;
        private final boolean gap;

        WatchSubscription(InsertWatch watch, boolean gap) {
            this.watch = watch;
            this.gap = gap;
        }

        @Override
        public boolean startedWithGap() {
            return gap;
        }

        @Override
        public String position() {
            return watch.position().map(EventIds::changeStream).orElse("");
        }

        @Override
        public Poll next(Duration wait) {
            // Each poll waits at most AWAIT, so a stopping server is noticed soon; the stream's own waits decide.
            if (closed) {
                return Poll.ENDED;
            }
            try {
                var events = new ArrayList<LiveEvent>();
                for (InsertWatch.Insert insert : watch.poll(READ_AT_ONCE)) {
                    events.add(new WatchedRecord(EventIds.changeStream(insert.token()), insert.record()));
                }
                return Poll.of(List.copyOf(events), events.size() == READ_AT_ONCE);
            } catch (ResumePointLostException e) {
                return Poll.LAGGED;
            } catch (StoreUnavailableException | InvalidQueryException e) {
                return Poll.ENDED;
            }
        }

        @Override
        public void close() {
            watch.close();
        }
    }

    /** A record from the change stream: only its own subscriber reads it. */
    private record WatchedRecord(String id, org.bson.RawBsonDocument record) implements LiveEvent {
        @Override
        public byte[] json(org.inventory.core.query.FieldsSpec fields) {
            return LoggedRecord.json(
                    fields.whole()
                            ? record
                            : new org.bson.RawBsonDocument(
                                    fields.trim(record), new org.bson.codecs.BsonDocumentCodec()));
        }
    }
}
