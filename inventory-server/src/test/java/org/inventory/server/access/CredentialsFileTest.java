package org.inventory.server.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The credentials file's lines: what a whole one grants, and each mistake refused with its line. */
class CredentialsFileTest {
    private static final String HASH = "a".repeat(64);

    @Test
    void a_whole_line_gives_every_part_and_comments_and_blank_lines_are_skipped() {
        List<Credential> credentials = CredentialsFile.parse("""
                # the dock scanners
                {"name":"dock-7","sha256":"%s","scopes":["ingest","read"],"expires":"2027-03-01T00:00:00Z","ingest_filter":{"warehouse":"A"},"read_filter":{"qty":{"$gt":1}},"rate":{"records_per_s":500,"burst":2000}}

                {"name":"viewer","sha256":"%s","scopes":["read"]}
                """.formatted(HASH, "B".repeat(64)));
        assertEquals(2, credentials.size());
        Credential dock = credentials.get(0);
        assertEquals("dock-7", dock.name());
        assertEquals(Set.of(Scope.INGEST, Scope.READ), dock.scopes());
        assertEquals(Optional.of(Instant.parse("2027-03-01T00:00:00Z")), dock.expires());
        assertEquals(
                BsonDocument.parse("{\"warehouse\":\"A\"}"), dock.ingestFilter().filter());
        assertEquals(
                BsonDocument.parse("{\"qty\":{\"$gt\":1}}"), dock.readFilter().filter());
        assertEquals(Optional.of(new Rate(500, 2000)), dock.rate());
        Credential viewer = credentials.get(1);
        assertTrue(viewer.ingestFilter().filter().isEmpty());
        assertEquals(Optional.empty(), viewer.rate());
        assertFalse(viewer.toString().contains("b".repeat(8)), "a credential never shows its hash");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"name\":\"a\"}                                                          | name, sha256 and scopes are required",
                "{'name':'a'}                                                              | is not valid JSON",
                "{\"name\":\"a\",\"sha256\":\"HASH\",\"scopes\":[\"ingest\"],}              | is not valid JSON",
                "{\"name\":\"a b\",\"sha256\":\"HASH\",\"scopes\":[\"ingest\"]}             | name must be",
                "{\"name\":\"a\",\"sha256\":\"xyz\",\"scopes\":[\"ingest\"]}                | sha256 must be 64 hex digits",
                "{\"name\":\"a\",\"sha256\":\"HASH\",\"scopes\":[\"write\"]}                | unknown scope 'write'",
                "{\"name\":\"a\",\"sha256\":\"HASH\",\"scopes\":[]}                         | scopes must name at least one",
                "{\"name\":\"a\",\"sha256\":\"HASH\",\"scope\":[\"ingest\"]}                | unknown key 'scope'",
                "{\"name\":\"a\",\"sha256\":\"HASH\",\"scopes\":[\"read\"],\"expires\":\"tomorrow\"} | expires must be an ISO-8601",
                "{\"name\":\"a\",\"sha256\":\"HASH\",\"scopes\":[\"read\"],\"read_filter\":{\"$where\":\"1\"}} | read_filter: operator $where is not allowed",
                "{\"name\":\"a\",\"sha256\":\"HASH\",\"scopes\":[\"read\"],\"rate\":{\"records_per_s\":0}} | rate.records_per_s must be a number above 0",
                "{\"name\":\"a\",\"sha256\":\"HASH\",\"scopes\":[\"read\"],\"rate\":{\"records_per_s\":5,\"burst\":0}} | rate.burst must be",
                "[1]                                                                       | must be a JSON object",
            })
    void a_mistake_is_refused_with_its_line_and_what_is_wrong(String line, String expected) {
        var e = assertThrows(
                InvalidCredentialsException.class,
                () -> CredentialsFile.parse("# first\n\n" + line.replace("HASH", HASH)));
        assertTrue(e.getMessage().startsWith("line 3: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void one_name_or_one_token_twice_is_refused() {
        String line = "{\"name\":\"a\",\"sha256\":\"" + HASH + "\",\"scopes\":[\"read\"]}";
        assertTrue(assertThrows(InvalidCredentialsException.class, () -> CredentialsFile.parse(line + "\n" + line))
                .getMessage()
                .contains("line 2: the name 'a' is used twice"));
        String other =
                "{\"name\":\"b\",\"sha256\":\"" + HASH.toUpperCase(java.util.Locale.ROOT) + "\",\"scopes\":[\"read\"]}";
        assertTrue(assertThrows(InvalidCredentialsException.class, () -> CredentialsFile.parse(line + "\n" + other))
                .getMessage()
                .contains("line 2: the same sha256"));
    }

    @Test
    void the_credential_command_makes_a_token_whose_hash_is_on_its_line() {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int status = CredentialCommand.run(
                List.of("--name", "dock-7", "--scope", "ingest,read", "--expires", "90d"),
                new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true),
                java.time.Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), java.time.ZoneOffset.UTC));
        assertEquals(0, status, err.toString(java.nio.charset.StandardCharsets.UTF_8));
        String[] lines =
                out.toString(java.nio.charset.StandardCharsets.UTF_8).strip().split("\n", -1);
        String token = lines[0].substring(lines[0].lastIndexOf(' ') + 1);
        assertTrue(token.matches("inv_[A-Za-z0-9_-]{43}"), token);
        String line = lines[1].substring(lines[1].indexOf('{'));
        Credential credential = CredentialsFile.parse(line).get(0);
        assertTrue(credential.isFor(Credential.hash(token)));
        assertEquals(Set.of(Scope.INGEST, Scope.READ), credential.scopes());
        assertEquals(Optional.of(Instant.parse("2027-03-07T00:00:00Z")), credential.expires());
        assertFalse(line.contains(token), "the line holds the hash, never the token");

        assertEquals(
                2,
                CredentialCommand.run(
                        List.of("--name", "x", "--scope", "write"),
                        new java.io.PrintStream(out),
                        new java.io.PrintStream(err),
                        java.time.Clock.systemUTC()));
    }
}
