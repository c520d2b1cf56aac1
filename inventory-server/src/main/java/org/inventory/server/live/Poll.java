package org.inventory.server.live;

import java.util.List;

/**
 * What a subscription has for its subscriber now: events (possibly none, when the wait ended first), or the end:
 * the subscriber fell behind by more than the source holds ({@link State#LAGGED}), or the server is stopping.
 * {@code more}: the source had more than it returns at once, so the next poll need not wait.
 */
record Poll(List<LiveEvent> events, State state, boolean more) {
    static final Poll ENDED = new Poll(List.of(), State.ENDED, false);
    static final Poll LAGGED = new Poll(List.of(), State.LAGGED, false);

    enum State {
        OPEN,
        LAGGED,
        ENDED
    }

    static Poll of(List<LiveEvent> events, boolean more) {
        return new Poll(events, State.OPEN, more);
    }
}
