package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code Upgrade} and {@code Connection} headers as lists of case-insensitive tokens (RFC 6455 §4.2.1, RFC 9110
 * §7.6.1 and §7.8), read from Helidon's own header values as a request would bring them.
 */
class UpgradeTokensTest {

    @Test
    void a_token_is_found_in_any_casing_and_with_spaces_around_it() {
        assertTrue(UpgradeTokens.includes(List.of("Upgrade"), "upgrade"));
        assertTrue(UpgradeTokens.includes(List.of("keep-alive", " UPGRADE "), "upgrade"));
        assertTrue(UpgradeTokens.includes(List.of("h2c", "WebSocket"), "websocket"));
    }

    @Test
    void a_token_is_matched_whole_never_as_part_of_another() {
        assertFalse(UpgradeTokens.includes(List.of(), "upgrade"));
        assertFalse(UpgradeTokens.includes(List.of("upgrades", "keep-alive"), "upgrade"));
        assertFalse(UpgradeTokens.includes(List.of("websocket2", "web socket"), "websocket"));
    }

    @Test
    void a_header_is_split_at_every_comma_with_or_without_white_space_and_empty_elements_are_left_out() {
        var headers = WritableHeaders.create()
                .add(HeaderNames.CONNECTION, "keep-alive,Upgrade")
                .add(HeaderNames.CONNECTION, " , TE ,\tclose,");

        assertEquals(
                List.of("keep-alive", "Upgrade", "TE", "close"),
                UpgradeTokens.tokens(headers.get(HeaderNames.CONNECTION)));
    }

    @ParameterizedTest(name = "Connection: {0}")
    @ValueSource(
            strings = {
                "Upgrade",
                "upgrade",
                "UPGRADE",
                "keep-alive, Upgrade",
                "Upgrade,keep-alive",
                "keep-alive ,  upgrade  "
            })
    void a_connection_header_that_lists_upgrade_among_others_offers_an_upgrade(String value) {
        var headers = WritableHeaders.create().add(HeaderNames.CONNECTION, value);

        assertTrue(UpgradeTokens.includes(UpgradeTokens.tokens(headers.get(HeaderNames.CONNECTION)), "upgrade"));
    }

    @Test
    void connection_headers_sent_on_several_lines_are_read_as_one_list() {
        var headers = WritableHeaders.create()
                .add(HeaderNames.CONNECTION, "keep-alive")
                .add(HeaderNames.CONNECTION, "Upgrade");

        assertTrue(UpgradeTokens.includes(UpgradeTokens.tokens(headers.get(HeaderNames.CONNECTION)), "upgrade"));
    }

    @ParameterizedTest(name = "Upgrade: {0}")
    @ValueSource(strings = {"WebSocket", "WEBSOCKET", "h2c, websocket", "websocket, h2c", "h2c,WebSocket"})
    void an_upgrade_header_offering_websocket_in_any_casing_or_list_becomes_the_token_helidon_matches(String value) {
        var headers = WritableHeaders.create().add(HeaderNames.UPGRADE, value);

        new UpgradeTokens().headers(null, headers);

        assertEquals(List.of("websocket"), headers.get(HeaderNames.UPGRADE).allValues());
    }

    @ParameterizedTest(name = "Upgrade: {0}")
    @ValueSource(strings = {"websocket", "h2c", "TLS/1.2, HTTP/2", "websockets"})
    void an_upgrade_header_that_is_already_websocket_or_does_not_offer_it_is_left_as_it_is(String value) {
        var headers = WritableHeaders.create().add(HeaderNames.UPGRADE, value);

        new UpgradeTokens().headers(null, headers);

        assertEquals(List.of(value), headers.get(HeaderNames.UPGRADE).allValues());
    }

    @Test
    void a_request_without_an_upgrade_header_is_left_without_one() {
        var headers = WritableHeaders.create().add(HeaderNames.CONNECTION, "keep-alive");

        new UpgradeTokens().headers(null, headers);

        assertFalse(headers.contains(HeaderNames.UPGRADE));
    }
}
