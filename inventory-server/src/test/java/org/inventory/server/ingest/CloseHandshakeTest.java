package org.inventory.server.ingest;

import static org.inventory.server.ingest.ClientFrames.bytes;
import static org.inventory.server.ingest.ClientFrames.concat;
import static org.inventory.server.ingest.ClientFrames.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.IntStream;
import org.inventory.server.ingest.CloseHandshake.CloseFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A client's Close (RFC 6455 §5.5.1, §7.4): its status code, its reason, and the Close we answer or send. */
class CloseHandshakeTest {

    @Test
    void a_close_without_a_payload_is_answered_with_1000() {
        assertEquals(new CloseFrame(1000, ""), CloseHandshake.answer(new byte[0]));
    }

    @Test
    void a_close_payload_of_one_byte_is_a_protocol_error() {
        for (int b : new int[] {0x00, 0x03, 0xE8, 0xFF}) {
            assertViolation(Frames.PROTOCOL_ERROR, bytes(b));
        }
    }

    static IntStream validCodes() {
        return IntStream.concat(
                IntStream.concat(IntStream.rangeClosed(1000, 1003), IntStream.rangeClosed(1007, 1014)),
                IntStream.of(3000, 3001, 3999, 4000, 4321, 4999));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCodes")
    void a_close_with_a_code_a_peer_may_send_is_answered_with_the_same_code(int code) {
        assertEquals(new CloseFrame(code, ""), CloseHandshake.answer(payload(code, "bye")));
        assertEquals(new CloseFrame(code, ""), CloseHandshake.answer(payload(code, "")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 5001, 65535})
    void a_close_with_a_reserved_or_unassigned_code_is_a_protocol_error(int code) {
        assertViolation(Frames.PROTOCOL_ERROR, payload(code, "bye"));
        assertViolation(Frames.PROTOCOL_ERROR, payload(code, ""));
    }

    @Test
    void exactly_the_codes_of_section_7_4_are_valid() {
        var valid = validCodesIn(0, 65535);

        assertEquals(
                IntStream.concat(
                                IntStream.concat(IntStream.rangeClosed(1000, 1003), IntStream.rangeClosed(1007, 1014)),
                                IntStream.rangeClosed(3000, 4999))
                        .boxed()
                        .toList(),
                valid);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "ff",
                "c0af",
                "eda080",
                "f4908080",
                "e282",
                "cebae1bdb9cf83cebcceb5eda080656469746564",
                "f8888080"
            })
    void a_close_reason_that_is_not_utf8_is_1007(String reason) {
        assertViolation(
                Frames.INVALID_DATA,
                concat(bytes(0x03, 0xE8), java.util.HexFormat.of().parseHex(reason)));
    }

    @Test
    void a_close_reason_in_any_valid_utf8_is_accepted() {
        assertEquals(new CloseFrame(1001, ""), CloseHandshake.answer(payload(1001, "κόσμε € 😀 done")));
        assertEquals(new CloseFrame(4000, ""), CloseHandshake.answer(payload(4000, "x".repeat(123))));
    }

    @Test
    void a_code_is_checked_before_the_reason() {
        assertViolation(Frames.PROTOCOL_ERROR, concat(bytes(0x03, 0xED), bytes(0xFF))); // 1005 and a broken reason
    }

    @Test
    void our_close_carries_the_code_big_endian_then_the_reason() {
        assertArrayEquals(
                concat(bytes(0x03, 0xEA), utf8("reserved opcode 3")),
                new CloseFrame(1002, "reserved opcode 3").payload());
        assertArrayEquals(bytes(0x03, 0xE8), new CloseFrame(1000, "").payload());
    }

    @Test
    void our_close_reason_is_cut_so_that_the_frame_stays_a_valid_control_frame() {
        byte[] payload = new CloseFrame(1009, "r".repeat(300)).payload();

        assertEquals(Frames.MAX_CONTROL_PAYLOAD, payload.length);
        assertArrayEquals(concat(bytes(0x03, 0xF1), utf8("r".repeat(123))), payload);
    }

    @Test
    void every_close_we_send_is_one_we_would_accept() {
        for (int code :
                new int[] {Frames.NORMAL_CLOSURE, Frames.GOING_AWAY, Frames.PROTOCOL_ERROR, Frames.INVALID_DATA}) {
            byte[] payload = new CloseFrame(code, "a reason of some length ".repeat(10)).payload();

            assertEquals(new CloseFrame(code, ""), CloseHandshake.answer(payload));
        }
    }

    @Test
    void a_close_read_from_the_wire_is_answered_as_its_payload_says() {
        var reader = new FrameReader(ClientFrames.frames()
                .frame(true, Frames.CLOSE, payload(1001, "going"))
                .inOneRead());

        assertEquals(new CloseFrame(1001, ""), CloseHandshake.answer(reader.payload(reader.next())));
    }

    private static java.util.List<Integer> validCodesIn(int from, int to) {
        var valid = new java.util.ArrayList<Integer>();
        for (int code = from; code <= to; code++) {
            try {
                CloseHandshake.answer(payload(code, ""));
                valid.add(code);
            } catch (ProtocolViolation e) {
                assertEquals(Frames.PROTOCOL_ERROR, e.code(), "code " + code);
            }
        }
        return valid;
    }

    private static byte[] payload(int code, String reason) {
        return concat(bytes(code >>> 8, code), utf8(reason));
    }

    private static void assertViolation(int code, byte[] payload) {
        ProtocolViolation violation = assertThrows(ProtocolViolation.class, () -> CloseHandshake.answer(payload));
        assertEquals(code, violation.code(), violation.getMessage());
    }
}
