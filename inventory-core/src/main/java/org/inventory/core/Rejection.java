package org.inventory.core;

/**
 * Why a message was refused: a protocol error code, a human message, and for a bad record its
 * position in the batch ({@code index}, -1 when not about one record) and the offending field ({@code path}); for a
 * refusal that passes with time, when to send again ({@code retryAfterMillis}, -1 when not said).
 */
public record Rejection(ErrorCode code, String message, int index, String path, long retryAfterMillis) {

    public Rejection(ErrorCode code, String message, int index, String path) {
        this(code, message, index, path, -1);
    }

    public static Rejection of(ErrorCode code, String message) {
        return new Rejection(code, message, -1, null);
    }

    /** A refusal that says when to send again. */
    public static Rejection retryAfter(ErrorCode code, String message, long millis) {
        return new Rejection(code, message, -1, null, millis);
    }

    public boolean aboutRecord() {
        return index >= 0;
    }
}
