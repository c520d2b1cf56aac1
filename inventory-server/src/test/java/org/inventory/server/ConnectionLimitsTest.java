package org.inventory.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
    @Test
    void by_default_ingest_takes_the_open_file_limit_less_what_the_rest_needs() {
        assertEquals(new ConnectionLimits(98_500, 99_000), ConnectionLimits.of(0, OptionalLong.of(100_000)));
    }

    @Test
    void a_configured_limit_leaves_room_for_http_connections_beside_it() {
        assertEquals(new ConnectionLimits(5_000, 5_500), ConnectionLimits.of(5_000, OptionalLong.of(100_000)));
    }

    @Test
    void a_limit_beyond_the_open_files_still_never_lets_an_accept_run_out_of_descriptors() {
        assertEquals(new ConnectionLimits(50_000, 19_000), ConnectionLimits.of(50_000, OptionalLong.of(20_000)));
    }

    @Test
    void a_small_open_file_limit_as_in_many_containers_still_takes_hundreds_of_devices() {
        assertEquals(new ConnectionLimits(576, 768), ConnectionLimits.of(0, OptionalLong.of(1024)));
        assertEquals(new ConnectionLimits(2_596, 3_096), ConnectionLimits.of(0, OptionalLong.of(4096)));
    }

    @Test
    void without_an_open_file_limit_to_read_the_default_is_ten_thousand() {
        assertEquals(new ConnectionLimits(10_000, 10_500), ConnectionLimits.of(0, OptionalLong.empty()));
    }

    @Test
    void the_device_port_shares_the_descriptors_leaving_the_api_port_a_thousand_or_a_quarter() {
        assertEquals(
                new ConnectionLimits(98_500, 1_000, 98_000),
                ConnectionLimits.of(0, OptionalLong.of(100_000)).withDevicePort());
        assertEquals(
                new ConnectionLimits(576, 192, 576),
                ConnectionLimits.of(0, OptionalLong.of(1024)).withDevicePort());
    }
}
