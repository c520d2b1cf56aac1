package org.inventory.server.ingest;

import static org.inventory.server.ingest.ClientFrames.bytes;
import static org.inventory.server.ingest.ClientFrames.concat;
import static org.inventory.server.ingest.ClientFrames.frames;
import static org.inventory.server.ingest.ClientFrames.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.helidon.common.buffers.DataReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Messages from frames (RFC 6455 §5.4): fragments joined, control frames between them, the order of
 * continuations, and the size limit. The frames are read as {@code IngestConnection} reads them: control
 * frames by the reader alone, data frames through the assembler.
 */
class MessageAssemblerTest {
    private static final int LIMIT = 1000;
    private static final HexFormat HEX = HexFormat.of();

    /** What a connection saw: the messages and control frames in order, then the violation that ended it, if any. */
    record Outcome(List<String> events, ProtocolViolation violation) {
        Integer closeCode() {
            return violation == null ? null : violation.code();
        }
    }

    @Test
    void an_unfragmented_text_message_is_handed_on_whole() {
        assertEquals(
                List.of(text("{\"a\":1}")), read(frames().text("{\"a\":1}")).events());
    }

    @Test
    void a_message_is_told_whether_more_bytes_have_already_come() {
        Outcome outcome = read(frames().text("one").text("two"));

        assertEquals(List.of(text("one") + " +more", text("two")), outcome.events());
    }

    @Test
    void the_fragments_of_a_message_are_joined_in_order() {
        var frames = frames().frame(false, Frames.TEXT, utf8("[{\"a\":1},"))
                .frame(false, Frames.CONTINUATION, utf8("{\"b\":2}"))
                .frame(false, Frames.CONTINUATION, new byte[0])
                .frame(true, Frames.CONTINUATION, utf8(",{\"c\":3}]"));

        assertEquals(
                List.of(text("[{\"a\":1},{\"b\":2},{\"c\":3}]")), read(frames).events());
    }

    @Test
    void an_empty_text_message_is_a_message() {
        assertEquals(
                List.of(text("")),
                read(frames().frame(true, Frames.TEXT, new byte[0])).events());
    }

    @Test
    void ping_pong_and_close_may_come_between_the_fragments_of_a_message() {
        var frames = frames().frame(false, Frames.TEXT, utf8("{\"a\""))
                .frame(true, Frames.PING, utf8("p1"))
                .frame(false, Frames.CONTINUATION, utf8(":"))
                .frame(true, Frames.PONG, utf8("unasked"))
                .frame(true, Frames.CONTINUATION, utf8("1}"))
                .frame(false, Frames.TEXT, utf8("{\"b\""))
                .frame(true, Frames.CLOSE, bytes(0x03, 0xE8));

        // The connection stops reading at the Close; the message it interrupted never ends and is not handed on.
        assertEquals(
                List.of("ping " + hex("p1"), "pong " + hex("unasked"), text("{\"a\":1}") + " +more", "close 03e8"),
                read(frames).events());
    }

    @Test
    void a_continuation_without_a_message_to_continue_is_a_protocol_error() {
        Outcome alone = read(frames().frame(true, Frames.CONTINUATION, utf8("{}")));
        Outcome afterAWholeMessage = read(frames().text("{}").frame(false, Frames.CONTINUATION, utf8("{}")));

        assertEquals(List.of(), alone.events());
        assertEquals(Frames.PROTOCOL_ERROR, alone.closeCode());
        assertEquals(List.of(text("{}") + " +more"), afterAWholeMessage.events());
        assertEquals(Frames.PROTOCOL_ERROR, afterAWholeMessage.closeCode());
    }

    @Test
    void a_new_data_frame_while_a_fragmented_message_is_open_is_a_protocol_error() {
        for (int opcode : new int[] {Frames.TEXT, Frames.BINARY}) {
            for (boolean fin : new boolean[] {true, false}) {
                Outcome outcome =
                        read(frames().frame(false, Frames.TEXT, utf8("{\"a\":")).frame(fin, opcode, utf8("{}")));

                assertEquals(List.of(), outcome.events(), "opcode " + opcode + ", fin " + fin);
                assertEquals(Frames.PROTOCOL_ERROR, outcome.closeCode(), "opcode " + opcode + ", fin " + fin);
            }
        }
        Outcome binaryOpen =
                read(frames().frame(false, Frames.BINARY, utf8("x")).text("{}"));
        assertEquals(Frames.PROTOCOL_ERROR, binaryOpen.closeCode());
    }

    @Test
    void a_character_split_at_a_fragment_boundary_is_handed_on_byte_for_byte_and_is_valid_utf8() {
        String text = "{\"s\":\"€ 😀 é\"}"; // characters of 3, 4 and 2 bytes
        byte[] utf8 = utf8(text);
        for (int at = 1; at < utf8.length; at++) {
            var frames = frames().frame(false, Frames.TEXT, Arrays.copyOfRange(utf8, 0, at))
                    .frame(true, Frames.CONTINUATION, Arrays.copyOfRange(utf8, at, utf8.length));

            List<String> events = read(frames).events();

            assertEquals(List.of(text(text)), events, "split at " + at);
            assertEquals(text, strictUtf8(HEX.parseHex(events.get(0).substring("text ".length()))), "split at " + at);
        }
    }

    @Test
    void invalid_utf8_split_across_fragments_reaches_the_parser_unchanged() {
        // The assembler keeps bytes as they came; the record parser then refuses the message with invalid_json
        // (the contract: a refused message never closes the connection), which HostileInputTest shows end to end.
        byte[] overlongSlash = bytes(0xC0, 0xAF);
        byte[] message = concat(utf8("{\"s\":\""), overlongSlash, utf8("\"}"));
        var frames = frames().frame(false, Frames.TEXT, Arrays.copyOf(message, 7))
                .frame(true, Frames.CONTINUATION, Arrays.copyOfRange(message, 7, message.length));

        assertEquals(new Outcome(List.of("text " + HEX.formatHex(message)), null), read(frames));
    }

    @Test
    void a_binary_message_is_handed_on_as_such_without_its_bytes() {
        var frames = frames().frame(false, Frames.BINARY, new byte[300])
                .frame(true, Frames.CONTINUATION, new byte[5])
                .frame(true, Frames.BINARY, new byte[0])
                .text("{}");

        assertEquals(List.of("binary", "binary", text("{}")), read(frames).events());
    }

    @Test
    void a_text_message_of_exactly_the_limit_is_handed_on_and_one_byte_more_is_too_large() {
        String atLimit = "\"" + "x".repeat(LIMIT - 2) + "\"";
        String overLimit = "\"" + "x".repeat(LIMIT - 1) + "\"";

        Outcome outcome = read(frames().text(atLimit).text(overLimit).text("{}"));

        assertEquals(
                new Outcome(List.of(text(atLimit) + " +more", "too large " + (LIMIT + 1) + " +more", text("{}")), null),
                outcome);
    }

    @Test
    void a_message_whose_fragments_together_pass_the_limit_is_too_large_with_every_byte_counted() {
        var frames = frames().frame(false, Frames.TEXT, new byte[LIMIT - 10])
                .frame(false, Frames.CONTINUATION, new byte[10])
                .frame(true, Frames.CONTINUATION, new byte[70_000])
                .text("{\"after\":true}");

        assertEquals(
                List.of("too large " + (LIMIT + 70_000) + " +more", text("{\"after\":true}")),
                read(frames).events());
    }

    @Test
    void messages_larger_than_the_first_buffer_are_handed_on_exactly_and_the_buffer_serves_the_next_ones() {
        int limit = 300_000;
        var random = new Random(11);
        var frames = frames();
        var expected = new ArrayList<String>();
        for (int size : new int[] {5000, 3, 200_000, 10, 70_000, 0}) {
            byte[] message = new byte[size];
            random.nextBytes(message);
            frames.frame(false, Frames.TEXT, Arrays.copyOf(message, size / 2))
                    .frame(true, Frames.CONTINUATION, Arrays.copyOfRange(message, size / 2, size));
            expected.add("text " + HEX.formatHex(message));
        }

        List<String> events =
                read(ClientFrames.reader(frames.bytes(), () -> 4096), limit).events();

        assertEquals(expected, events.stream().map(e -> e.replace(" +more", "")).toList());
    }

    @Test
    void fragmented_messages_fed_one_byte_at_a_time_and_in_random_reads_are_assembled_as_sent() {
        var random = new Random(1455);
        var frames = frames();
        var expected = new ArrayList<String>();
        for (int k = 0; k < 60; k++) {
            byte[] message = utf8("{\"n\":" + k + ",\"s\":\"" + "é€😀".repeat(random.nextInt(40)) + "\"}");
            int first = random.nextInt(message.length + 1);
            int second = first + random.nextInt(message.length - first + 1);
            frames.frame(false, Frames.TEXT, Arrays.copyOfRange(message, 0, first));
            if (k % 3 == 0) {
                frames.frame(true, Frames.PING, utf8("k" + k));
                expected.add("ping " + hex("k" + k));
            }
            frames.frame(false, Frames.CONTINUATION, Arrays.copyOfRange(message, first, second))
                    .frame(true, Frames.CONTINUATION, Arrays.copyOfRange(message, second, message.length));
            expected.add("text " + HEX.formatHex(message));
        }
        byte[] wire = frames.bytes();

        for (DataReader reader : List.of(
                ClientFrames.oneByteAtATime(wire),
                ClientFrames.randomChunks(wire, random, 50),
                ClientFrames.randomChunks(wire, random, 700))) {
            Outcome outcome = read(reader, LIMIT);

            assertNull(outcome.violation());
            assertEquals(
                    expected,
                    outcome.events().stream().map(e -> e.replace(" +more", "")).toList());
        }
    }

    private static Outcome read(ClientFrames frames) {
        return read(frames.inOneRead(), LIMIT);
    }

    /** Reads frames as the connection does until the bytes end, a Close comes or the client breaks the protocol. */
    private static Outcome read(DataReader data, int maxMessageBytes) {
        var frames = new FrameReader(data);
        var assembler = new MessageAssembler(maxMessageBytes);
        var events = new ArrayList<String>();
        var sink = new MessageAssembler.MessageSink() {
            @Override
            public void text(byte[] utf8, int length, boolean more) {
                events.add("text " + HEX.formatHex(utf8, 0, length) + (more ? " +more" : ""));
            }

            @Override
            public void binary() {
                events.add("binary");
            }

            @Override
            public void tooLarge(long bytes) {
                events.add("too large " + bytes + (frames.drained() ? "" : " +more"));
            }
        };
        try {
            while (true) {
                FrameHeader header = frames.next();
                if (header.control()) {
                    String name = switch (header.opcode()) {
                        case Frames.PING -> "ping";
                        case Frames.PONG -> "pong";
                        default -> "close";
                    };
                    events.add(name + " " + HEX.formatHex(frames.payload(header)));
                    if (header.opcode() == Frames.CLOSE) {
                        return new Outcome(events, null);
                    }
                } else if (assembler.frame(header, frames)) {
                    assembler.handTo(sink, frames);
                }
            }
        } catch (DataReader.InsufficientDataAvailableException e) {
            return new Outcome(events, null);
        } catch (ProtocolViolation e) {
            return new Outcome(events, e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String text(String text) {
        return "text " + hex(text);
    }

    private static String hex(String text) {
        return HEX.formatHex(utf8(text));
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("not valid UTF-8: " + HEX.formatHex(bytes), e);
        }
    }
}
