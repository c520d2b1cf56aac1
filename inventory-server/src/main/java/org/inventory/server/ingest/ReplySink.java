package org.inventory.server.ingest;

import java.util.List;

/** Where a session's replies go: its connection, which frames and writes them. */
interface ReplySink {
    /** Sends the replies, in order; silently nothing once the connection is closing or its socket is gone. */
    void send(List<String> replies);

    /** Starts the closing handshake with a status and a reason. */
    void close(int code, String reason);
}
