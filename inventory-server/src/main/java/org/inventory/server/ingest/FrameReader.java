package org.inventory.server.ingest;

import io.helidon.common.buffers.DataReader;

/**
 * Reads a client's frames straight from Helidon's socket reader: each header, checked against what RFC 6455
 * §5.2 requires of a client's frame (masked, no reserved bits, no reserved opcode, the length in its minimal
 * encoding, control frames final and short), then the payload, unmasked eight bytes at a time, or skipped.
 * It reads; what the frames mean is for the {@link MessageAssembler} and the {@link CloseHandshake}.
 */
final class FrameReader {
    private final DataReader reader;

    FrameReader(DataReader reader) {
        this.reader = reader;
    }

    /** The next frame's header; blocks until it has come. */
    FrameHeader next() {
        int first = reader.read() & 0xFF;
        int second = reader.read() & 0xFF;
        boolean fin = (first & 0x80) != 0;
        int opcode = first & 0x0F;
        if ((first & 0x70) != 0) {
            throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "reserved bits are set, but no extension was agreed");
        }
        if ((second & 0x80) == 0) {
            throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "frames from a client must be masked");
        }
        long length = second & 0x7F;
        if (length == 126) {
            length = readBigEndian(2);
            if (length < 126) {
                throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "a length under 126 must be sent in 7 bits");
            }
        } else if (length == 127) {
            length = readBigEndian(8);
            if (length < 0) {
                throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "the frame length has its top bit set");
            }
            if (length < 65536) {
                throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "a length under 65536 must be sent in 16 bits");
            }
        }
        int mask = (int) readBigEndian(4);
        if (opcode >= Frames.CLOSE) {
            if (opcode > Frames.PONG) {
                throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "reserved opcode " + opcode);
            }
            if (!fin || length > Frames.MAX_CONTROL_PAYLOAD) {
                throw new ProtocolViolation(
                        Frames.PROTOCOL_ERROR,
                        "a control frame must be final and carry at most " + Frames.MAX_CONTROL_PAYLOAD + " bytes");
            }
        } else if (opcode > Frames.BINARY) {
            throw new ProtocolViolation(Frames.PROTOCOL_ERROR, "reserved opcode " + opcode);
        }
        return new FrameHeader(fin, opcode, length, mask);
    }

    /** Reads a payload of {@code length} bytes into {@code into} at {@code offset} and unmasks it there. */
    void payload(byte[] into, int offset, int length, int mask) {
        int at = offset;
        int left = length;
        while (left > 0) {
            reader.ensureAvailable();
            int n = Math.min(reader.available(), left);
            reader.readBuffer(n).read(into, at, n);
            at += n;
            left -= n;
        }
        Frames.unmask(into, offset, length, mask);
    }

    /** A control frame's whole payload, unmasked. */
    byte[] payload(FrameHeader header) {
        byte[] payload = new byte[(int) header.length()];
        payload(payload, 0, payload.length, header.mask());
        return payload;
    }

    /** Reads past a payload, keeping none of it. */
    void skip(long length) {
        long left = length;
        while (left > 0) {
            reader.ensureAvailable();
            int n = (int) Math.min(reader.available(), left);
            reader.skip(n);
            left -= n;
        }
    }

    /** Whether no more bytes of this connection wait to be read now. */
    boolean drained() {
        return reader.available() == 0;
    }

    private long readBigEndian(int bytes) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = value << 8 | (reader.read() & 0xFF);
        }
        return value;
    }
}
