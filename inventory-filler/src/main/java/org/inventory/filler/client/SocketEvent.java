package org.inventory.filler.client;

import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happens to a connection, as the WebSocket library reports it on its own threads; a {@link Lane}
 * takes these events from a queue and handles them on its one thread.
 */
sealed interface SocketEvent {

    record Opened(IngestSocket socket) implements SocketEvent {}

    record Received(IngestSocket socket, String text) implements SocketEvent {}

    /**
     * The connection ended, or never started.
     *
     * @param code  the WebSocket close code, or the library's own (-1: never connected, 1006: dropped)
     * @param error what failed on our side, e.g. {@code Connection refused}, or null
     */
    record Closed(IngestSocket socket, int code, String reason, boolean remote, Exception error)
            implements SocketEvent {
        private static final Pattern STATUS = Pattern.compile("Invalid status code received: (\\d{3})");

        /** The HTTP status with which the server refused the upgrade, if that is why it ended. */
        Optional<Integer> refusedUpgradeStatus() {
            Matcher matcher = STATUS.matcher(reason == null ? "" : reason);
            return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
        }

        /** A short account of why, for people. */
        String describe() {
            if (error instanceof UnknownHostException) {
                return "unknown host " + socket.getURI().getHost();
            }
            if (error != null && error.getMessage() != null) {
                return error.getMessage();
            }
            if (error != null) {
                return error.getClass().getSimpleName();
            }
            String why = reason == null || reason.isBlank() ? "" : " (" + reason + ")";
            return "closed with status " + code + why;
        }
    }

    /** Another connection failed for good: stop too. */
    record Aborted(String reason) implements SocketEvent {}
}
