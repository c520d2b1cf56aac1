package org.inventory.filler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Usage: help, version, and every bad option a usage error (exit 2) with picocli's message; no server needed. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FillCommandOptionsTest {

    @ParameterizedTest(name = "{0} is refused with: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--url ws://127.0.0.1:1/                 | Missing option: either --count (generate records) or --file (import them)",
                "--count 0                               | Invalid value for option '--count': '0'; expected at least 1",
                "--count many                            | Invalid value for option '--count': 'many' is not an int",
                "--count 10 --batch-size 0               | Invalid value for option '--batch-size': '0'; expected 1-1000",
                "--count 10 --batch-size 1001            | Invalid value for option '--batch-size': '1001'; expected 1-1000",
                "--count 10 --connections 0              | Invalid value for option '--connections': '0'; expected 1-1000",
                "--count 10 --connections 1001           | Invalid value for option '--connections': '1001'; expected 1-1000",
                "--count 10 --window 0                   | Invalid value for option '--window': '0'; expected 1-10000",
                "--count 10 --rate -5                    | Invalid value for option '--rate': '-5'; expected at least 0",
                "--count 10 --timeout 0s                 | Invalid value for option '--timeout': 'PT0S'; expected a positive duration",
                "--count 10 --timeout soon               | Invalid value for option '--timeout': 'soon' is not a duration",
                "--count 10 --url http://localhost:8080/ | Invalid value for option '--url': 'http://localhost:8080/'; expected a WebSocket URL",
                "--count 10 --colour red                 | Unknown options: '--colour', 'red'",
                "--count 10 --ca-file ca.pem             | --ca-file applies to wss:// URLs only",
                "--count 10 --url wss://localhost:1/ --client-cert c.pem | --client-cert and --client-key go together: give both",
                "--count 10 --url wss://localhost:1/ --ca-file none.pem  | --ca-file 'none.pem' cannot be read (NoSuchFileException)",
            })
    void a_bad_option_is_a_usage_error_with_picocli_message_and_exit_2(String args, String message) {
        var filler = Filler.with(args.strip().split("\\s+"));
        assertEquals(2, filler.run(), filler::transcript);
        assertTrue(filler.err().startsWith(message), filler::transcript);
        assertTrue(filler.err().contains("Try --help"), filler::transcript);
        assertEquals("", filler.out(), filler::transcript);
    }

    @Test
    void help_describes_every_option_and_the_exit_codes() {
        var filler = Filler.with("--help");
        assertEquals(0, filler.run(), filler::transcript);
        for (String option : new String[] {
            "--count",
            "--url",
            "--batch-size",
            "--connections",
            "--window",
            "--rate",
            "--seed",
            "--token",
            "--timeout",
            "--ca-file",
            "--client-cert",
            "--client-key",
            "--quiet",
            "--help",
            "--version",
            "Exit codes:",
            "N records in X s (Y records/s): inserted I, duplicates D, failed F"
        }) {
            assertTrue(filler.out().contains(option), () -> option + " missing from\n" + filler.out());
        }
    }

    @Test
    void version_names_the_loader() {
        var filler = Filler.with("--version");
        assertEquals(0, filler.run(), filler::transcript);
        // Outside the jar there is no manifest: the version is then marked as a development build.
        assertTrue(filler.out().startsWith("inventory-filler "), filler::transcript);
    }
}
