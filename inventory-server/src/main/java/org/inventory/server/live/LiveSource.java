package org.inventory.server.live;

import java.util.Optional;

/** Where the feed's records come from: the store's change streams, or this instance's acknowledgements. */
interface LiveSource extends AutoCloseable {
    /** For the start-up line (docs/api.md, Sources): {@code change streams} or {@code in-process}. */
    String name();

    /**
     * A subscription to the records matching {@code filter} from now on, or after {@code lastEventId} when the
     * source still holds that point (otherwise from now on, {@link Subscription#startedWithGap() with a gap}).
     *
     * @throws org.inventory.core.store.InvalidQueryException when the store refuses the filter
     */
    Subscription subscribe(LiveFilter filter, Optional<String> lastEventId);

    /** Ends every subscription: each subscriber's next poll is {@link Poll#ENDED} once it has what came before. */
    @Override
    void close();
}
