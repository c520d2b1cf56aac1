package org.inventory.server.ingest;

/**
 * The header of one frame from a client, already checked (RFC 6455 §5.2).
 *
 * @param fin    whether it ends its message
 * @param opcode what it carries (see {@link Frames})
 * @param length its payload's length in bytes
 * @param mask   the masking key, big-endian
 */
record FrameHeader(boolean fin, int opcode, long length, int mask) {

    boolean control() {
        return opcode >= Frames.CLOSE;
    }
}
