package org.inventory.server.live;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The event ids clients send back as {@code Last-Event-ID}: opaque to them, and tied to where they came from. An
 * in-process id names this server instance (a random value drawn at start) and the record's number in its log, so
 * an id from another instance or from before a restart is recognised as a point this log never held. A change-stream
 * id is MongoDB's resume token, valid on every instance over the same store.
 */
final class EventIds {
    private static final String IN_PROCESS = "p";
    private static final String CHANGE_STREAM = "c";

    private EventIds() {}

    static String inProcess(String instance, long sequence) {
        return IN_PROCESS + instance + "-" + Long.toString(sequence, 36);
    }

    /** The sequence number in an id of this instance's log, if it is one. */
    static OptionalLong sequence(String id, String instance) {
        String prefix = IN_PROCESS + instance + "-";
        if (!id.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        try {
            long sequence = Long.parseLong(id.substring(prefix.length()), 36);
            return sequence >= 0 ? OptionalLong.of(sequence) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static String changeStream(String resumeToken) {
        return CHANGE_STREAM + resumeToken;
    }

    /** The resume token in a change-stream id; empty for anything else. */
    static Optional<String> resumeToken(String id) {
        if (!id.startsWith(CHANGE_STREAM)
                || id.length() == 1
                || !id.substring(1).chars().allMatch(EventIds::hex)) {
            return Optional.empty();
        }
        return Optional.of(id.substring(1));
    }

    private static boolean hex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }
}
