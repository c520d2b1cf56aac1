package org.inventory.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.inventory.testkit.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Utf8Test {

    @Test
    void ascii_and_every_kind_of_multi_byte_character_is_valid() {
        byte[] text = "plain ASCII, Größe, 東京, \uD83D\uDCE6 and \uFFFD, long enough to take the eight-byte path"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(-1, Utf8.firstInvalidOrNul(text, 0, text.length));
    }

    /** A prefix, bad bytes and a suffix: the first bad byte is the first of {@code bad}. */
    static Stream<Arguments> bad_bytes() {
        return Stream.of(
                argumentSet("an overlong '/'", "abcdefgh", new byte[] {(byte) 0xC0, (byte) 0xAF}, " tail"),
                argumentSet(
                        "an overlong 3-byte form",
                        "abcdefgh",
                        new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                        " tail"),
                argumentSet("a surrogate", "abcdefgh", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, " tail"),
                argumentSet(
                        "above U+10FFFF",
                        "abcdefgh",
                        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        " tail"),
                argumentSet("a sequence cut off at the end", "abcdefgh", new byte[] {(byte) 0xC3}, ""),
                argumentSet("a sequence cut off by ASCII", "abcdefgh", new byte[] {(byte) 0xC3, '('}, " tail"),
                argumentSet("a lone continuation byte", "abcdefgh", new byte[] {(byte) 0x80}, " tail"),
                argumentSet("a byte UTF-8 never uses", "abcdefgh", new byte[] {(byte) 0xFF}, " tail"),
                argumentSet("a NUL", "abcdefgh", new byte[] {0}, " tail, long enough"),
                argumentSet("a NUL before the eight-byte path", "abc", new byte[] {0}, "x"));
    }

    @ParameterizedTest
    @MethodSource("bad_bytes")
    void the_first_bad_byte_is_found_whatever_its_kind(String prefix, byte[] bad, String suffix) {
        assertEquals(prefix.length(), at(prefix, bad, suffix));
    }

    @Test
    void it_agrees_with_the_jdks_strict_decoder_on_random_bytes() {
        var random = new Random(42);
        // 200,000 arrays under -Pfull (CI); by default the first 40,000 of them.
        for (int run = 0, runs = Tier.count(200_000); run < runs; run++) {
            byte[] bytes = new byte[random.nextInt(24)];
            for (int i = 0; i < bytes.length; i++) {
                // Mostly ASCII, with lead and continuation bytes often enough to form and break sequences.
                int kind = random.nextInt(4);
                bytes[i] = (byte)
                        (kind == 0
                                ? 0x80 + random.nextInt(64)
                                : kind == 1 ? 0xC0 + random.nextInt(64) : 1 + random.nextInt(127));
            }
            assertEquals(
                    jdkValid(bytes),
                    Utf8.firstInvalidOrNul(bytes, 0, bytes.length) == -1,
                    () -> java.util.HexFormat.of().formatHex(bytes));
        }
    }

    private static int at(String prefix, byte[] bad, String suffix) {
        var bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes(prefix.getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(bad);
        bytes.writeBytes(suffix.getBytes(StandardCharsets.US_ASCII));
        return Utf8.firstInvalidOrNul(bytes.toByteArray(), 0, bytes.size());
    }

    private static boolean jdkValid(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
