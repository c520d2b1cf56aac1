package org.inventory.server.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * The closing handshake (RFC 6455 §5.5.1, §7.4): checks a client's Close and says what to answer it with, and
 * builds the payload of a Close of ours. The answer goes out only once every message before the Close is
 * answered: the connection decides when.
 */
final class CloseHandshake {
    private CloseHandshake() {}

    /** A close frame to send: its status code and reason. */
    record CloseFrame(int code, String reason) {

        /** Our own ASCII reason, cut to fit a control frame. */
        byte[] payload() {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + Math.min(text.length, Frames.MAX_CONTROL_PAYLOAD - 2)];
            payload[0] = (byte) (code >>> 8);
            payload[1] = (byte) code;
            System.arraycopy(text, 0, payload, 2, payload.length - 2);
            return payload;
        }
    }

    /** The answer to a client's Close: the same status, 1000 when it gave none; a bad Close is a violation. */
    static CloseFrame answer(byte[] payload) {
        if (payload.length == 0) {
            return new CloseFrame(Frames.NORMAL_CLOSURE, "");
        }
        int code = payload.length < 2 ? 0 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!Frames.validCloseCode(code)) {
            throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "the close frame has an invalid status code");
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload, 2, payload.length - 2));
        } catch (CharacterCodingException e) {
            throw new ProtocolViolation(Frames.INVALID_DATA, "the close reason is not valid UTF-8");
        }
        return new CloseFrame(code, "");
    }
}
