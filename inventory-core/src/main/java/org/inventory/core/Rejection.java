package org.inventory.core;

/**
 * Why a message was refused: a protocol error code, a human message, and for a bad record its
 * position in the batch ({@code index}, -1 when not about one record) and the offending field ({@code path}).
 */
public record Rejection(ErrorCode code, String message, int index, String path) {

    public static Rejection of(ErrorCode code, String message) {
        return new Rejection(code, message, -1, null);
    }

    public boolean aboutRecord() {
        return index >= 0;
    }
}
