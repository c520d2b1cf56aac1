package org.inventory.server.ingest;

import static org.inventory.server.ingest.ClientFrames.bytes;
import static org.inventory.server.ingest.ClientFrames.frames;
import static org.inventory.server.ingest.ClientFrames.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.common.buffers.DataReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frame header rules of RFC 6455 §5.2 for a client's frames, and reading payloads from any split of the bytes. */
class FrameReaderTest {

    /** One frame as read: its header and its unmasked payload. */
    @SuppressWarnings("ArrayRecordComponent") // read by the asserts, never compared or hashed
    record Read(boolean fin, int opcode, byte[] payload) {}

    @Test
    void the_masked_hello_of_rfc_6455_section_5_7_reads_as_one_final_text_frame() {
        byte[] wire = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        var reader = new FrameReader(ClientFrames.reader(wire, () -> Integer.MAX_VALUE));

        FrameHeader header = reader.next();

        assertEquals(new FrameHeader(true, Frames.TEXT, 5, 0x37FA213D), header);
        assertArrayEquals(utf8("Hello"), reader.payload(header));
        assertTrue(reader.drained());
    }

    @Test
    void an_unmasked_client_frame_is_a_protocol_error() {
        byte[] unmaskedHello = bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);

        assertViolation(Frames.PROTOCOL_ERROR, unmaskedHello);
        assertViolation(
                Frames.PROTOCOL_ERROR,
                frames().raw(0x89, false, 0, 0, new byte[0]).bytes()); // a ping too
    }

    @ParameterizedTest(name = "first byte 0x{0}")
    @ValueSource(strings = {"C1", "A1", "91", "F1", "41", "E2", "D8", "B9"})
    void a_reserved_bit_set_without_an_extension_is_a_protocol_error(String firstByte) {
        assertViolation(
                Frames.PROTOCOL_ERROR,
                frames().raw(Integer.parseInt(firstByte, 16), true, 0, 2, utf8("{}"))
                        .bytes());
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void a_reserved_opcode_is_a_protocol_error(int opcode) {
        assertViolation(
                Frames.PROTOCOL_ERROR,
                frames().raw(0x80 | opcode, true, 0, 2, utf8("{}")).bytes());
        assertViolation(
                Frames.PROTOCOL_ERROR,
                frames().raw(opcode, true, 0, 0, new byte[0]).bytes());
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {Frames.CONTINUATION, Frames.TEXT, Frames.BINARY, Frames.CLOSE, Frames.PING, Frames.PONG})
    void every_defined_opcode_is_read_and_only_close_ping_and_pong_are_control_frames(int opcode) {
        var reader = new FrameReader(frames().frame(true, opcode, utf8("abc")).inOneRead());

        FrameHeader header = reader.next();

        assertEquals(opcode, header.opcode());
        assertEquals(opcode >= 8, header.control());
        assertArrayEquals(utf8("abc"), reader.payload(header));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 70_000})
    void every_length_in_its_minimal_encoding_is_read_exactly(int length) {
        byte[] payload = new byte[length];
        new Random(length).nextBytes(payload);
        byte[] wire = frames().frame(true, Frames.BINARY, payload).bytes();
        int expectedHeader = length < 126 ? 2 + 4 : length < 65536 ? 4 + 4 : 10 + 4;
        assertEquals(expectedHeader + length, wire.length, "the length form the test wrote");

        List<Read> read = readAll(ClientFrames.reader(wire, () -> 8192));

        assertEquals(1, read.size());
        assertArrayEquals(payload, read.get(0).payload());
    }

    @ParameterizedTest(name = "{0} in 16 bits")
    @ValueSource(ints = {0, 1, 5, 125})
    void a_length_under_126_sent_in_16_bits_is_a_protocol_error(int length) {
        assertViolation(
                Frames.PROTOCOL_ERROR,
                frames().raw(0x81, true, 2, length, new byte[length]).bytes());
    }

    @ParameterizedTest(name = "{0} in 64 bits")
    @ValueSource(longs = {0, 5, 125, 126, 65535})
    void a_length_under_65536_sent_in_64_bits_is_a_protocol_error(long length) {
        assertViolation(
                Frames.PROTOCOL_ERROR,
                frames().raw(0x82, true, 8, length, new byte[(int) length]).bytes());
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"8000000000000000", "8000000000010000", "FFFFFFFFFFFFFFFF"})
    void a_64_bit_length_with_its_most_significant_bit_set_is_a_protocol_error(String length) {
        assertViolation(
                Frames.PROTOCOL_ERROR,
                frames().raw(0x82, true, 8, Long.parseUnsignedLong(length, 16), new byte[0])
                        .bytes());
    }

    @Test
    void the_largest_63_bit_length_is_a_valid_header() {
        var reader = new FrameReader(
                frames().raw(0x82, true, 8, Long.MAX_VALUE, new byte[0]).inOneRead());

        assertEquals(new FrameHeader(true, Frames.BINARY, Long.MAX_VALUE, ClientFrames.MASK), reader.next());
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {Frames.CLOSE, Frames.PING, Frames.PONG})
    void a_control_frame_carries_at_most_125_bytes(int opcode) {
        byte[] close = new byte[125];
        close[0] = 0x03; // 1000, then a reason of 123 bytes
        close[1] = (byte) 0xE8;
        var reader = new FrameReader(frames().frame(true, opcode, close).inOneRead());
        FrameHeader header = reader.next();
        assertEquals(125, reader.payload(header).length);

        assertViolation(
                Frames.PROTOCOL_ERROR,
                frames().frame(true, opcode, new byte[126]).bytes());
        assertViolation(
                Frames.PROTOCOL_ERROR,
                frames().frame(true, opcode, new byte[65536]).bytes());
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {Frames.CLOSE, Frames.PING, Frames.PONG})
    void a_fragmented_control_frame_is_a_protocol_error(int opcode) {
        assertViolation(
                Frames.PROTOCOL_ERROR,
                frames().frame(false, opcode, utf8("part")).bytes());
        assertViolation(
                Frames.PROTOCOL_ERROR,
                frames().frame(false, opcode, new byte[0]).bytes());
    }

    @Test
    void a_data_frame_without_fin_is_read_as_a_fragment() {
        var reader = new FrameReader(frames().frame(false, Frames.TEXT, utf8("{\"a\""))
                .frame(true, Frames.CONTINUATION, utf8(":1}"))
                .inOneRead());

        assertEquals(
                List.of(false, true), readAll(reader).stream().map(Read::fin).toList());
    }

    @Test
    void a_frame_fed_one_byte_per_read_reads_as_in_one_read() {
        for (int length : new int[] {0, 3, 125, 126, 300, 65536}) {
            byte[] payload = new byte[length];
            new Random(length).nextBytes(payload);
            byte[] wire = frames().frame(false, Frames.TEXT, payload)
                    .frame(true, Frames.PING, utf8("p"))
                    .bytes();

            List<Read> read = readAll(ClientFrames.oneByteAtATime(wire));

            assertEquals(2, read.size(), length + " bytes");
            assertArrayEquals(payload, read.get(0).payload(), length + " bytes");
            assertArrayEquals(utf8("p"), read.get(1).payload(), length + " bytes");
        }
    }

    @Test
    void a_frame_split_between_two_reads_at_every_byte_boundary_reads_as_in_one_read() {
        for (int length : new int[] {9, 200}) { // the 7-bit and the 16-bit length form
            byte[] payload = new byte[length];
            new Random(length).nextBytes(payload);
            byte[] wire = frames().frame(true, Frames.BINARY, payload)
                    .frame(true, Frames.TEXT, utf8("next"))
                    .bytes();
            for (int at = 1; at < wire.length; at++) {
                List<Read> read = readAll(ClientFrames.splitAt(wire, at));

                assertEquals(2, read.size(), "split at " + at);
                assertArrayEquals(payload, read.get(0).payload(), "split at " + at);
                assertArrayEquals(utf8("next"), read.get(1).payload(), "split at " + at);
            }
        }
        byte[] large = new byte[65536];
        new Random(3).nextBytes(large);
        byte[] wire = frames().frame(true, Frames.BINARY, large).bytes();
        for (int at = 1; at <= 14 + 9; at++) { // every boundary inside the 64-bit form's header, and past it
            assertArrayEquals(
                    large, readAll(ClientFrames.splitAt(wire, at)).get(0).payload(), "split at " + at);
        }
    }

    @Test
    void many_frames_in_chunks_of_random_sizes_read_as_sent() {
        var random = new Random(6455);
        var frames = frames();
        var expected = new ArrayList<byte[]>();
        for (int k = 0; k < 200; k++) {
            byte[] payload = new byte[random.nextInt(5) == 0 ? 126 + random.nextInt(2000) : random.nextInt(126)];
            random.nextBytes(payload);
            frames.frame(
                    true,
                    k % 7 == 0 ? Frames.PING : Frames.TEXT,
                    k % 7 == 0 ? new byte[Math.min(payload.length, 125)] : payload);
            expected.add(k % 7 == 0 ? new byte[Math.min(payload.length, 125)] : payload);
        }
        byte[] wire = frames.bytes();
        for (int largest : new int[] {2, 7, 64, 1500}) {
            List<Read> read = readAll(ClientFrames.randomChunks(wire, random, largest));

            assertEquals(expected.size(), read.size(), "reads of up to " + largest + " bytes");
            for (int k = 0; k < expected.size(); k++) {
                assertArrayEquals(
                        expected.get(k),
                        read.get(k).payload(),
                        "frame " + k + ", reads of up to " + largest + " bytes");
            }
        }
    }

    @Test
    void several_frames_in_one_read_are_read_in_order_and_the_reader_knows_more_bytes_wait() {
        var reader = new FrameReader(frames().text("one")
                .text("two")
                .frame(true, Frames.PONG, new byte[0])
                .text("three")
                .inOneRead());
        var texts = new ArrayList<String>();

        FrameHeader header = reader.next();
        texts.add(new String(reader.payload(header), StandardCharsets.UTF_8));
        assertFalse(reader.drained(), "three more frames came in the same read");
        for (int k = 0; k < 3; k++) {
            header = reader.next();
            texts.add(new String(reader.payload(header), StandardCharsets.UTF_8));
        }

        assertEquals(List.of("one", "two", "", "three"), texts);
        assertTrue(reader.drained());
    }

    @Test
    void a_skipped_payload_leaves_the_next_frame_intact() {
        byte[] large = new byte[70_000];
        var reader = new FrameReader(ClientFrames.reader(
                frames().frame(true, Frames.BINARY, large).text("after").bytes(), () -> 1000));

        reader.skip(reader.next().length());
        FrameHeader header = reader.next();

        assertArrayEquals(utf8("after"), reader.payload(header));
    }

    @Test
    void a_payload_is_unmasked_into_the_array_at_the_offset_given() {
        var reader = new FrameReader(frames().frame(false, Frames.TEXT, utf8("abcdefghij"))
                .frame(true, Frames.CONTINUATION, utf8("klm"))
                .inOneRead());
        byte[] into = new byte[13];

        FrameHeader first = reader.next();
        reader.payload(into, 0, 10, first.mask());
        FrameHeader second = reader.next();
        reader.payload(into, 10, 3, second.mask());

        assertArrayEquals(utf8("abcdefghijklm"), into);
    }

    @Test
    void a_stream_that_ends_inside_a_frame_is_the_peer_gone_not_a_protocol_error() {
        byte[] wire = frames().text("cut short").bytes();
        for (int end = 1; end < wire.length; end++) {
            byte[] cut = java.util.Arrays.copyOf(wire, end);
            assertThrows(
                    DataReader.InsufficientDataAvailableException.class,
                    () -> {
                        var reader = new FrameReader(ClientFrames.reader(cut, () -> Integer.MAX_VALUE));
                        reader.payload(reader.next());
                    },
                    "cut after " + end + " bytes");
        }
    }

    /** Reads every frame with its payload until the bytes end. */
    private static List<Read> readAll(DataReader data) {
        return readAll(new FrameReader(data));
    }

    private static List<Read> readAll(FrameReader reader) {
        var read = new ArrayList<Read>();
        while (true) {
            FrameHeader header;
            try {
                header = reader.next();
            } catch (DataReader.InsufficientDataAvailableException e) {
                return read;
            }
            read.add(new Read(header.fin(), header.opcode(), reader.payload(header)));
        }
    }

    private static void assertViolation(int code, byte[] wire) {
        var reader = new FrameReader(ClientFrames.reader(wire, () -> Integer.MAX_VALUE));
        ProtocolViolation violation = assertThrows(ProtocolViolation.class, reader::next);
        assertEquals(code, violation.code(), violation.getMessage());
    }
}
