package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void unmasking_eight_bytes_at_a_time_equals_the_rfcs_byte_by_byte_rule_at_every_offset_and_length() {
        var random = new Random(7);
        for (int length = 0; length < 40; length++) {
            for (int offset = 0; offset < 9; offset++) {
                byte[] payload = new byte[offset + length + 3];
                random.nextBytes(payload);
                int mask = random.nextInt();
                byte[] expected = payload.clone();
                for (int k = 0; k < length; k++) {
                    expected[offset + k] ^= (byte) (mask >>> (24 - 8 * (k % 4)));
                }
                Frames.unmask(payload, offset, length, mask);
                assertArrayEquals(expected, payload, "offset " + offset + ", length " + length);
            }
        }
    }

    @Test
    void a_server_frame_uses_the_shortest_length_form() {
        assertArrayEquals(new byte[] {(byte) 0x81, 2, 'o', 'k'}, Frames.frame(Frames.TEXT, new byte[] {'o', 'k'}));
        byte[] medium = Frames.frame(Frames.TEXT, new byte[300]);
        assertArrayEquals(new byte[] {(byte) 0x81, 126, 1, 44}, java.util.Arrays.copyOf(medium, 4));
        byte[] large = Frames.frame(Frames.BINARY, new byte[70_000]);
        assertArrayEquals(
                new byte[] {(byte) 0x82, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70}, java.util.Arrays.copyOf(large, 10));
    }
}
