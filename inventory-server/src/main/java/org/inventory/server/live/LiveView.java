package org.inventory.server.live;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * What the live page shows: the filter and fields as the client wrote them (to edit), why they were refused if they
 * were, the nonce that lets only the page's own script run, and how many rows it keeps.
 */
public record LiveView(String filter, String fields, String problem, String nonce, int maxRows) {
    /** Rows the page keeps; older ones are dropped from the bottom. */
    static final int MAX_ROWS = 500;

    private static final SecureRandom RANDOM = new SecureRandom();

    static LiveView of(String filter, String fields, String problem) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return new LiveView(filter, fields, problem, Base64.getEncoder().encodeToString(nonce), MAX_ROWS);
    }

    /** Whether the page streams: not when its filter or fields were refused. */
    public boolean streams() {
        return problem == null;
    }
}
