package org.inventory.filler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.bson.Document;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input of the import (README, Loader: import) against a running server: the documented line, the exit
 * code, the exact summary, and every good record of the file stored.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImportBadInputTest {
    private static final String COLLECTION = "import_bad";
    private static InventoryServer server;
    private MongoCollection<Document> stored;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION)));
    }

    @AfterAll
    static void stopServer() {
        server.shutdown(Duration.ofSeconds(5));
    }

    @BeforeEach
    void emptyCollection() {
        stored = TestStore.emptyCollection(COLLECTION);
    }

    @Test
    void an_empty_file_imports_nothing_says_so_and_exits_0() throws IOException {
        var filler = importing(write("empty.ndjson", ""));
        assertEquals(0, filler.run(), filler::transcript);
        assertSummary(filler, 0, 0, 0, 0);
        assertTrue(
                filler.err().contains("note: " + dir.resolve("empty.ndjson") + " holds no records"),
                filler::transcript);
    }

    @Test
    void a_byte_order_mark_is_skipped_in_ndjson_json_and_csv() throws IOException {
        String bom = "\uFEFF";
        for (var file : List.of(
                write("bom.ndjson", bom + "{\"k\":1}\n{\"k\":2}\n"),
                write("bom.json", bom + "[{\"k\":1},{\"k\":2}]"),
                write("bom.csv", bom + "k\n1\n2\n"))) {
            stored = TestStore.emptyCollection(COLLECTION);
            var filler = importing(file);
            assertEquals(0, filler.run(), filler::transcript);
            assertSummary(filler, 2, 2, 0, 0);
            assertEquals(List.of(1, 2), values("k"));
        }
    }

    @Test
    void invalid_utf8_on_a_line_of_ndjson_or_csv_is_that_line_refused_and_the_rest_stored() throws IOException {
        byte[] ndjson = concat("{\"k\":1}\n{\"k\":2}\n{\"k\":\"", new byte[] {(byte) 0xC3, 0x28}, "\"}\n{\"k\":4}\n");
        var filler = importing(write("bad.ndjson", ndjson));
        assertEquals(1, filler.run(), filler::transcript);
        assertSummary(filler, 4, 3, 1, 1);
        assertTrue(filler.err().contains("line 3: invalid_json "), filler::transcript);
        assertTrue(filler.err().contains("UTF-8"), filler::transcript);
        assertEquals(List.of(1, 2, 4), values("k"));

        stored = TestStore.emptyCollection(COLLECTION);
        byte[] csv = concat("k,s\n1,a\n2,", new byte[] {(byte) 0xFF}, "\n4,d\n");
        filler = importing(write("bad.csv", csv));
        assertEquals(1, filler.run(), filler::transcript);
        assertSummary(filler, 3, 2, 1, 1);
        assertTrue(filler.err().contains("line 3: invalid_json the row is not valid UTF-8"), filler::transcript);
        assertEquals(List.of(1, 4), values("k"));
    }

    @Test
    void invalid_utf8_in_a_json_file_ends_the_reading_at_its_line_after_the_records_before_it() throws IOException {
        byte[] json = concat("[\n{\"k\":1},\n{\"k\":2},\n{\"k\":\"", new byte[] {(byte) 0xFF}, "\"},\n{\"k\":5}\n]\n");
        var filler = importing(write("bad.json", json));
        assertEquals(1, filler.run(), filler::transcript);
        assertSummary(filler, 2, 2, 0, 0);
        assertTrue(filler.err().contains("cannot be read past line 4: invalid_json"), filler::transcript);
        assertEquals(List.of(1, 2), values("k"));
    }

    @Test
    void a_json_array_cut_off_in_the_middle_stores_the_records_before_the_cut_and_exits_1() throws IOException {
        var filler = importing(write("cut.json", "[\n  {\"k\": 1},\n  {\"k\": 2},\n  {\"k\": 3, \"s\": \"ab"));
        assertEquals(1, filler.run(), filler::transcript);
        assertSummary(filler, 2, 2, 0, 0);
        assertTrue(filler.err().contains("cut.json cannot be read past line 4: invalid_json"), filler::transcript);
        assertEquals(List.of(1, 2), values("k"));
    }

    @Test
    void ndjson_blank_lines_are_skipped_and_crlf_line_ends_read_as_lf() throws IOException {
        var filler = importing(write("lines.ndjson", "{\"k\":1}\r\n\r\n   \n{\"k\":2}\r\n\n{\"k\":3}"));
        assertEquals(0, filler.run(), filler::transcript);
        assertSummary(filler, 3, 3, 0, 0);
        assertEquals(List.of(1, 2, 3), values("k"));
    }

    @Test
    void one_invalid_line_among_ten_thousand_is_reported_by_its_line_and_the_others_are_all_stored()
            throws IOException {
        var text = new StringBuilder();
        for (int i = 1; i <= 10_000; i++) {
            text.append(i == 6_543 ? "{\"k\": 6543, oops}" : "{\"k\":" + i + "}")
                    .append('\n');
        }
        var filler = importing(write("ten_thousand.ndjson", text.toString()), "--connections", "2");
        assertEquals(1, filler.run(), filler::transcript);
        assertSummary(filler, 10_000, 9_999, 1, 1);
        assertTrue(filler.err().contains("line 6543: invalid_json "), filler::transcript);
        assertTrue(
                filler.err()
                        .endsWith("inventory-filler: 1 of 10000 records were refused (see above)"
                                + System.lineSeparator()),
                filler::transcript);
        assertEquals(9_999, stored.countDocuments(Filters.ne("k", 6_543)));
        assertEquals(9_999, stored.countDocuments());
    }

    @Test
    void a_csv_with_a_header_only_imports_nothing_and_exits_0() throws IOException {
        var filler = importing(write("header.csv", "sku,quantity\n"));
        assertEquals(0, filler.run(), filler::transcript);
        assertSummary(filler, 0, 0, 0, 0);
    }

    @Test
    void a_csv_with_duplicate_header_names_is_refused_whole_in_one_line_and_nothing_is_stored() throws IOException {
        var filler = importing(write("dup.csv", "sku,qty,sku\nA,1,B\n"));
        assertEquals(1, filler.run(), filler::transcript);
        assertSummary(filler, 0, 0, 0, 0);
        assertEquals(
                "inventory-filler: " + dir.resolve("dup.csv") + " cannot be read: line 1: invalid_record the header"
                        + " line cannot name the fields: column 3 'sku' repeats a name before it"
                        + System.lineSeparator(),
                filler.err());
        assertEquals(0, stored.countDocuments());
    }

    @Test
    void a_ragged_csv_row_is_that_line_refused_and_the_others_stored() throws IOException {
        var filler = importing(write("ragged.csv", "k,s\n1,a\n2,b,extra\n3\n4,d\n"));
        assertEquals(1, filler.run(), filler::transcript);
        assertSummary(filler, 4, 2, 2, 2);
        assertTrue(
                filler.err().contains("line 3: invalid_record the row has 3 cells, the header 2"), filler::transcript);
        assertTrue(
                filler.err().contains("line 4: invalid_record the row has 1 cell, the header 2"), filler::transcript);
        assertEquals(List.of(1, 4), values("k"));
    }

    @Test
    void a_quoted_csv_cell_keeps_its_newline_commas_and_quotes_and_later_lines_keep_their_numbers() throws IOException {
        var filler = importing(write("quoted.csv", "k,s\n1,\"two\nlines, \"\"quoted\"\"\"\n2,b\n3,c,ragged\n"));
        assertEquals(1, filler.run(), filler::transcript);
        assertSummary(filler, 3, 2, 1, 1);
        assertTrue(filler.err().contains("line 5: invalid_record the row has 3 cells"), filler::transcript);
        assertEquals(
                "two\nlines, \"quoted\"",
                stored.find(Filters.eq("k", 1)).first().getString("s"));
    }

    @Test
    void a_csv_row_becomes_a_nested_typed_record_and_an_empty_cell_leaves_its_field_out() throws IOException {
        var filler = importing(write("typed.csv", """
                sku,price.amount,price.currency,qty,big,active,zip,note,_id
                A-1,12.50,EUR,-3,12345678901,true,01234,null,5f1d7f1e2b3c4d5e6f708191
                B-2,,,7,,false,,,
                """));
        assertEquals(0, filler.run(), filler::transcript);
        List<Document> records = stored.find().sort(Sorts.ascending("sku")).into(new ArrayList<>());
        Document first = records.get(0);
        assertEquals("5f1d7f1e2b3c4d5e6f708191", first.getObjectId("_id").toHexString());
        first.remove("_id");
        assertEquals(
                Document.parse(
                        "{\"sku\":\"A-1\",\"price\":{\"amount\":12.5,\"currency\":\"EUR\"},\"qty\":-3,"
                                + "\"big\":{\"$numberLong\":\"12345678901\"},\"active\":true,\"zip\":\"01234\",\"note\":\"null\"}"),
                first);
        Document second = records.get(1);
        second.remove("_id");
        assertEquals(Document.parse("{\"sku\":\"B-2\",\"qty\":7,\"active\":false}"), second);
    }

    @Test
    void a_truncated_gzip_file_stores_the_records_before_the_cut_and_exits_1_saying_so() throws IOException {
        var text = new StringBuilder();
        for (int i = 1; i <= 5_000; i++) {
            text.append("{\"k\":")
                    .append(i)
                    .append(",\"pad\":\"")
                    .append(Integer.toHexString(i * 7919))
                    .append("\"}\n");
        }
        byte[] gzip = gzip(text.toString().getBytes(StandardCharsets.UTF_8));
        Path file = write("cut.ndjson.gz", java.util.Arrays.copyOf(gzip, gzip.length / 2));
        var filler = importing(file);
        assertEquals(1, filler.run(), filler::transcript);
        Filler.Summary summary = filler.summary();
        assertTrue(summary.count() > 0 && summary.count() < 5_000, filler::transcript);
        assertEquals(summary.count(), summary.inserted(), filler::transcript);
        assertTrue(
                filler.err().contains(file + " ends early, after line " + summary.count() + ": it is cut off"),
                filler::transcript);
        assertEquals(summary.count(), stored.countDocuments());
    }

    @Test
    void a_path_that_does_not_exist_or_is_a_directory_exits_2_with_one_line() throws IOException {
        var missing = Filler.with("--file", dir.resolve("nope.ndjson").toString(), "--url", Filler.url(server.port()));
        assertEquals(2, missing.run(), missing::transcript);
        assertEquals(
                "inventory-filler: no such file: " + dir.resolve("nope.ndjson") + System.lineSeparator(),
                missing.err());
        assertEquals("", missing.out());

        var directory = Filler.with("--file", dir.toString(), "--url", Filler.url(server.port()));
        assertEquals(2, directory.run(), directory::transcript);
        assertEquals(
                "inventory-filler: " + dir + " is a directory, not a file" + System.lineSeparator(), directory.err());
    }

    @Test
    void a_record_over_the_servers_message_limit_is_refused_as_that_record_and_the_rest_goes_on() throws IOException {
        String collection = "import_small_messages";
        var small = TestStore.emptyCollection(collection);
        try (var limited = InventoryServer.start(
                Settings.from(TestEnv.server(collection, Map.of("INVENTORY_MAX_MESSAGE_BYTES", "4096"))))) {
            var text = new StringBuilder();
            for (int i = 1; i <= 300; i++) {
                String pad = i == 150 ? "x".repeat(10_000) : "y";
                text.append("{\"k\":")
                        .append(i)
                        .append(",\"pad\":\"")
                        .append(pad)
                        .append("\"}\n");
            }
            var filler = Filler.with(
                    "--file",
                    write("big.ndjson", text.toString()).toString(),
                    "--url",
                    Filler.url(limited.port()),
                    "--batch-size",
                    "100");
            assertEquals(1, filler.run(), filler::transcript);
            assertSummary(filler, 300, 299, 1, 1);
            assertTrue(filler.err().contains("line 150: message_too_large "), filler::transcript);
            assertEquals(299, small.countDocuments());
            assertEquals(0, small.countDocuments(Filters.eq("k", 150)));
        }
    }

    @Test
    void a_batch_over_the_servers_limit_is_split_until_it_fits_and_every_record_is_stored() throws IOException {
        String collection = "import_small_batches";
        var small = TestStore.emptyCollection(collection);
        try (var limited =
                InventoryServer.start(Settings.from(TestEnv.server(collection, Map.of("INVENTORY_MAX_BATCH", "60"))))) {
            var text = new StringBuilder();
            for (int i = 1; i <= 1_000; i++) {
                text.append("{\"k\":").append(i).append("}\n");
            }
            var filler = Filler.with(
                    "--file",
                    write("many.ndjson", text.toString()).toString(),
                    "--url",
                    Filler.url(limited.port()),
                    "--batch-size",
                    "100");
            assertEquals(0, filler.run(), filler::transcript);
            assertSummary(filler, 1_000, 1_000, 0, 0);
            assertEquals(1_000, small.countDocuments());
        }
    }

    @Test
    void stop_on_error_stops_at_the_first_refused_record() throws IOException {
        var text = new StringBuilder();
        for (int i = 1; i <= 5_000; i++) {
            text.append(i == 2_000 ? "{\"$bad\":1}" : "{\"k\":" + i + "}").append('\n');
        }
        var filler = importing(
                write("stop.ndjson", text.toString()), "--stop-on-error", "--batch-size", "10", "--window", "1");
        assertEquals(1, filler.run(), filler::transcript);
        assertSummary(filler, 2_000, 1_999, 1, 1);
        assertTrue(
                filler.err().contains("line 2000: invalid_record $bad field names must not start with '$'"),
                filler::transcript);
        assertTrue(
                filler.err()
                        .endsWith("inventory-filler: stopped at the first refused record (--stop-on-error)"
                                + System.lineSeparator()),
                filler::transcript);
        assertEquals(1_999, stored.countDocuments());
    }

    @Test
    void a_dry_run_checks_every_record_with_the_servers_rules_and_sends_nothing() throws IOException {
        var filler = importing(
                write("dry.ndjson", "{\"k\":1}\n{\"k\":{\"$where\":1}}\n[{\"k\":3}]\n{\"k\":4,\"k\":5}\n"),
                "--dry-run");
        assertEquals(1, filler.run(), filler::transcript);
        assertTrue(
                filler.out()
                        .strip()
                        .matches("4 records checked in [0-9.]+ s \\(\\d+ records/s\\): valid 1, refused 3;"
                                + " nothing sent \\(--dry-run\\)"),
                filler::transcript);
        assertTrue(
                filler.err()
                        .startsWith("line 2: invalid_record k.$where field names must not start with '$'"
                                + System.lineSeparator()
                                + "line 3: invalid_record a record must be a JSON object, not an array"
                                + System.lineSeparator() + "line 4: invalid_record k "),
                filler::transcript);
        assertEquals(0, stored.countDocuments());
    }

    @Test
    void only_the_first_hundred_refusals_are_shown_in_full_then_a_count() throws IOException {
        var text = new StringBuilder();
        for (int i = 1; i <= 250; i++) {
            text.append(i % 2 == 0 ? "{\"k\":" + i + "}" : "not json").append('\n');
        }
        var filler = importing(write("many_bad.ndjson", text.toString()));
        assertEquals(1, filler.run(), filler::transcript);
        assertSummary(filler, 250, 125, 125, 125);
        assertTrue(filler.err().startsWith("line 1: invalid_json "), filler::transcript);
        assertTrue(filler.err().contains("line 199: invalid_json "), filler::transcript);
        assertTrue(!filler.err().contains("line 201: "), filler::transcript);
        assertTrue(filler.err().contains("... and 25 more refused records"), filler::transcript);
    }

    private Filler importing(Path file, String... more) {
        var args = new ArrayList<>(List.of("--file", file.toString(), "--url", Filler.url(server.port())));
        args.addAll(List.of(more));
        return Filler.with(args.toArray(String[]::new));
    }

    private static void assertSummary(Filler filler, long count, long inserted, long failed, long refused) {
        assertEquals(new Filler.Summary(count, inserted, 0, failed), filler.summary(), filler::transcript);
        assertEquals(refused, filler.refused(), filler::transcript);
    }

    /** The values of an integer field over the stored records, in ascending order. */
    private List<Integer> values(String field) {
        var values = new ArrayList<Integer>();
        stored.find().sort(Sorts.ascending(field)).forEach(document -> values.add(document.getInteger(field)));
        return values;
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
