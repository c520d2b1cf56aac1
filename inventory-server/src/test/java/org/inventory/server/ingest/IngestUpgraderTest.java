package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.http.WritableHeaders;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The opening handshake's checks and answer (RFC 6455 §4.2.1, §4.2.2), over Helidon's own request values. */
class IngestUpgraderTest {
    private static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @Test
    void the_accept_value_of_rfc_6455_section_1_3_is_answered_for_its_key() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", IngestUpgrader.accept(get(), handshake(h -> {})));
    }

    @Test
    void the_accept_value_is_the_base64_sha1_of_the_key_and_the_guid() throws Exception {
        String key =
                Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertEquals(
                Base64.getEncoder().encodeToString(sha1),
                IngestUpgrader.accept(get(), handshake(h -> h.set(HeaderNames.create("Sec-WebSocket-Key"), key))));
    }

    @Test
    void header_names_are_read_in_any_casing() {
        var headers = WritableHeaders.create()
                .add(HeaderNames.create("connection"), "upgrade")
                .add(HeaderNames.create("sec-websocket-key"), RFC_KEY)
                .add(HeaderNames.create("SEC-WEBSOCKET-VERSION"), "13");

        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", IngestUpgrader.accept(get(), headers));
    }

    @ParameterizedTest(name = "Sec-WebSocket-Key: \"{0}\"")
    @ValueSource(
            strings = {
                "",
                "not base64!",
                "dGhlIHNhbXBsZSBub25jZQ",
                "dGhlIHNhbXBsZSBub25jZQ=",
                "dGhlIHNhbXBsZSBub25j",
                "dGhlIHNhbXBsZSBub25jZXg=",
                "AAAAAAAAAAAAAAAAAAAAAAA=",
                "dGhlIHNhbXBs ZSBub25jZQ==",
                "dGhlIHNhbXBsZSBub25jZQ==="
            })
    void a_key_that_is_not_16_bytes_in_base64_is_a_bad_request(String key) {
        assertRefused(
                DirectHandler.EventType.BAD_REQUEST,
                handshake(h -> h.set(HeaderNames.create("Sec-WebSocket-Key"), key)));
    }

    @Test
    void a_missing_key_is_a_bad_request() {
        assertRefused(
                DirectHandler.EventType.BAD_REQUEST, handshake(h -> h.remove(HeaderNames.create("Sec-WebSocket-Key"))));
    }

    @Test
    void any_16_bytes_make_a_key() {
        for (int b = 0; b < 256; b += 15) {
            byte[] nonce = new byte[16];
            java.util.Arrays.fill(nonce, (byte) b);
            String key = Base64.getEncoder().encodeToString(nonce);

            IngestUpgrader.accept(get(), handshake(h -> h.set(HeaderNames.create("Sec-WebSocket-Key"), key)));
        }
    }

    @ParameterizedTest(name = "Sec-WebSocket-Version: \"{0}\"")
    @ValueSource(strings = {"8", "7", "12", "14", "13, 8", "", "thirteen"})
    void a_version_other_than_13_is_a_bad_request_that_names_13(String version) {
        RequestException refused = assertRefused(
                DirectHandler.EventType.BAD_REQUEST,
                handshake(h -> h.set(HeaderNames.create("Sec-WebSocket-Version"), version)));

        assertEquals(
                List.of("13"),
                refused.responseHeaders()
                        .get(HeaderNames.create("Sec-WebSocket-Version"))
                        .allValues());
    }

    @Test
    void a_handshake_without_a_version_is_a_bad_request_that_names_13() {
        RequestException refused = assertRefused(
                DirectHandler.EventType.BAD_REQUEST,
                handshake(h -> h.remove(HeaderNames.create("Sec-WebSocket-Version"))));

        assertEquals(
                List.of("13"),
                refused.responseHeaders()
                        .get(HeaderNames.create("Sec-WebSocket-Version"))
                        .allValues());
    }

    @ParameterizedTest(name = "Connection: {0}")
    @ValueSource(strings = {"keep-alive, Upgrade", "UPGRADE", "Upgrade, keep-alive"})
    void a_connection_header_that_lists_upgrade_in_any_casing_is_enough(String connection) {
        assertEquals(
                "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                IngestUpgrader.accept(get(), handshake(h -> h.set(HeaderNames.CONNECTION, connection))));
    }

    @ParameterizedTest(name = "Connection: {0}")
    @ValueSource(strings = {"keep-alive", "close", "upgraded"})
    void a_connection_header_without_upgrade_is_a_bad_request(String connection) {
        assertRefused(DirectHandler.EventType.BAD_REQUEST, handshake(h -> h.set(HeaderNames.CONNECTION, connection)));
        assertRefused(DirectHandler.EventType.BAD_REQUEST, handshake(h -> h.remove(HeaderNames.CONNECTION)));
    }

    @Test
    void an_upgrade_by_another_method_than_get_is_a_bad_request() {
        RequestException refused = assertThrows(
                RequestException.class, () -> IngestUpgrader.accept(prologue(Method.POST), handshake(h -> {})));

        assertEquals(DirectHandler.EventType.BAD_REQUEST, refused.eventType());
    }

    @Test
    void a_page_of_another_site_is_refused_and_our_own_pages_are_not() {
        assertRefused(
                DirectHandler.EventType.FORBIDDEN, handshake(h -> h.set(HeaderNames.ORIGIN, "http://evil.example")));
        IngestUpgrader.accept(get(), handshake(h -> h.set(HeaderNames.ORIGIN, "http://inventory.example:8080")));
        assertTrue(IngestUpgrader.sameOrigin("HTTP://Inventory.Example:8080", "inventory.example:8080"));
        assertTrue(IngestUpgrader.sameOrigin("https://inventory.example", "inventory.example:443"));
        assertFalse(IngestUpgrader.sameOrigin("http://inventory.example:8081", "inventory.example:8080"));
        assertFalse(IngestUpgrader.sameOrigin("null", "inventory.example:8080"));
    }

    /** A valid handshake request for {@code ws://inventory.example:8080/}, changed as the test says. */
    private static WritableHeaders<?> handshake(Consumer<WritableHeaders<?>> change) {
        WritableHeaders<?> headers = WritableHeaders.create()
                .add(HeaderNames.HOST, "inventory.example:8080")
                .add(HeaderNames.UPGRADE, "websocket")
                .add(HeaderNames.CONNECTION, "Upgrade")
                .add(HeaderNames.create("Sec-WebSocket-Key"), RFC_KEY)
                .add(HeaderNames.create("Sec-WebSocket-Version"), "13");
        change.accept(headers);
        return headers;
    }

    private static HttpPrologue get() {
        return prologue(Method.GET);
    }

    private static HttpPrologue prologue(Method method) {
        return HttpPrologue.create("HTTP/1.1", "HTTP", "1.1", method, "/", false);
    }

    private static RequestException assertRefused(DirectHandler.EventType type, WritableHeaders<?> headers) {
        RequestException refused = assertThrows(RequestException.class, () -> IngestUpgrader.accept(get(), headers));
        assertEquals(type, refused.eventType(), refused.getMessage());
        return refused;
    }
}
