package org.inventory.server.ingest;

/** Something a client sent that breaks RFC 6455: the connection closes with the code and the message as reason. */
final class ProtocolViolation extends RuntimeException {
    private final int code;

    ProtocolViolation(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
