package org.inventory.server.live;

import java.util.List;

/**
 * What a subscription has for its subscriber now: events (possibly none, when the wait ended first), or the end:
 * the subscriber fell behind by more than the source holds ({@link State#LAGGED}), or the server is stopping.
 */
record Poll(List<LiveEvent> events, State state) {
    static final Poll ENDED = new Poll(List.of(), State.ENDED);
    static final Poll LAGGED = new Poll(List.of(), State.LAGGED);

    enum State { OPEN, LAGGED, ENDED }

    static Poll of(List<LiveEvent> events) {
        return new Poll(events, State.OPEN);
    }
}
