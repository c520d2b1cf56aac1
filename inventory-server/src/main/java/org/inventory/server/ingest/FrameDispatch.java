package org.inventory.server.ingest;

import java.util.function.Consumer;
import org.inventory.server.ingest.CloseHandshake.CloseFrame;

/**
 * What a connection does with each frame it reads, on either port ({@link IngestConnection},
 * {@link DeviceConnection}): a ping is answered with a pong, a Close ends the reading with its answer, a data frame
 * joins its message ({@link MessageAssembler}), and each whole message goes to the session.
 */
final class FrameDispatch {
    private final FrameReader frames;
    private final MessageAssembler messages;
    private final Consumer<byte[]> control;
    private CloseFrame closeReply;

    /** {@code control} writes a control frame (the pongs) to the client. */
    FrameDispatch(FrameReader frames, int maxMessageBytes, Consumer<byte[]> control) {
        this.frames = frames;
        this.messages = new MessageAssembler(maxMessageBytes);
        this.control = control;
    }

    /**
     * Reads the next frame and acts on it; {@code read} runs once its bytes are read, before a whole message goes to
     * the session (which may wait for room). Returns false once the client's Close came: {@link #closeReply}.
     */
    boolean next(MessageAssembler.MessageSink session, Runnable read) throws InterruptedException {
        FrameHeader header = frames.next();
        if (header.control()) {
            byte[] payload = frames.payload(header);
            read.run();
            switch (header.opcode()) {
                case Frames.PING -> control.accept(Frames.frame(Frames.PONG, payload));
                case Frames.CLOSE -> {
                    closeReply = CloseHandshake.answer(payload);
                    return false;
                }
                default -> {} // an unsolicited pong needs no answer
            }
        } else {
            boolean whole = messages.frame(header, frames);
            read.run();
            if (whole) {
                messages.handTo(session, frames);
            }
        }
        return true;
    }

    /** The answer to the client's Close, once {@link #next} returned false. */
    CloseFrame closeReply() {
        return closeReply;
    }
}
