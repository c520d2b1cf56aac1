package org.inventory.filler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.inventory.filler.generate.RecordGenerator;
import org.inventory.filler.imports.FileType;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files imported into a running server: the stored records equal the file's, field by field, and the summary is
 * exact; a server restart and a store outage in the middle cost nothing and store nothing twice, though half the
 * records have no {@code _id} of their own (the loader gives them one before the first send). 10,000 records for
 * each form under -Pfull (CI) and 2,000 by default ({@link Tier}), to keep the build's time modest; 100,000 of plain
 * NDJSON in the load tier (-Pfull).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImportTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "records.ndjson",
                "records.ndjson.gz",
                "records.json",
                "records.json.gz",
                "records.csv",
                "records.csv.gz"
            })
    void the_stored_records_equal_the_files_field_by_field(String name) throws IOException {
        importAndCompare(name, Tier.count(10_000));
    }

    /** A file ten times larger: the slowest case of the loader's tests, so it runs in the load tier (-Pfull). */
    @Tag("load")
    @Test
    void the_stored_records_of_a_large_file_equal_the_files_field_by_field() throws IOException {
        importAndCompare("records.ndjson", 100_000);
    }

    private void importAndCompare(String name, int count) throws IOException {
        String collection = "import_round_trip";
        MongoCollection<Document> stored = TestStore.emptyCollection(collection);
        Path file = write(dir.resolve(name), count);
        try (var server = InventoryServer.start(Settings.from(TestEnv.server(collection)))) {
            var filler =
                    Filler.with("--file", file.toString(), "--url", Filler.url(server.port()), "--connections", "2");
            assertEquals(0, filler.run(), filler::transcript);
            assertEquals(new Filler.Summary(count, count, 0, 0), filler.summary(), filler::transcript);
            assertEquals(0, filler.refused());
        }
        assertStoredOnceAsWritten(stored, file, count, name.contains(".csv"));
    }

    @Tag("chaos") // a store or server stopped under load: the full tier
    @Test
    void after_the_server_restarts_on_its_port_every_record_of_the_file_is_stored_once() throws Exception {
        MongoCollection<Document> stored = TestStore.emptyCollection("import_restart");
        Path file = write(dir.resolve("restart.ndjson"), 10_000);
        // Capped at 4,000 records/s, the 10,000 records take some 2.5 s: the server is stopped well within that.
        Filler filler = LoaderRecovery.throughServerRestart(
                "import_restart",
                stored,
                10_000,
                "--file",
                file.toString(),
                "--batch-size",
                "50",
                "--rate",
                "4000",
                "--connections",
                "2");
        assertEquals(10_000, filler.summary().count(), filler::transcript);
        assertStoredOnceAsWritten(stored, file, 10_000, false);
    }

    @Tag("chaos") // a store or server stopped under load: the full tier
    @Test
    void while_the_store_is_down_the_import_retries_and_every_record_is_stored_once(@TempDir Path storeDir)
            throws Exception {
        Path file = write(dir.resolve("outage.json"), 3_000);
        LoaderRecovery.throughStoreOutage(
                storeDir,
                "import_outage",
                3_000,
                List.of("--file", file.toString(), "--batch-size", "50", "--rate", "1500"),
                (filler, stored) -> assertStoredOnceAsWritten(stored, file, 3_000, false));
    }

    /**
     * Record {@code n}: a generated one with its number as field {@code n}; the odd ones without an {@code _id}. In
     * CSV, the fields a header can name (no arrays) with the number-like barcode left out.
     */
    private static Document record(RecordGenerator generator, int n, boolean csv) {
        Document document = Document.parse(generator.record(n));
        document.put("n", n);
        if (n % 2 == 1) {
            document.remove("_id");
        }
        if (csv) {
            document.remove("tags");
            document.remove("barcode");
        }
        return document;
    }

    /** Writes records 0..count-1 in the file's type (from its name), gzipped if it ends in .gz. */
    private static Path write(Path file, int count) throws IOException {
        String name = file.getFileName().toString();
        var generator = new RecordGenerator(name.hashCode());
        FileType type = FileType.fromName(name).orElseThrow();
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = FileType.gzipped(name) ? new GZIPOutputStream(raw) : raw;
                Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            switch (type) {
                case NDJSON -> {
                    for (int n = 0; n < count; n++) {
                        text.write(record(generator, n, false).toJson() + "\n");
                    }
                }
                case JSON -> {
                    text.write("[\n");
                    for (int n = 0; n < count; n++) {
                        text.write((n == 0 ? "  " : ",\n  ")
                                + record(generator, n, false).toJson());
                    }
                    text.write("\n]\n");
                }
                case CSV -> writeCsv(text, generator, count);
            }
        }
        return file;
    }

    private static void writeCsv(Writer text, RecordGenerator generator, int count) throws IOException {
        CsvWriter csv = CsvWriter.builder().build(text);
        List<String> columns = null;
        for (int n = 0; n < count; n++) {
            Map<String, Object> flat = new java.util.LinkedHashMap<>();
            flatten("", record(generator, n, true), flat);
            flat.putIfAbsent("_id", "");
            if (columns == null) {
                columns = List.copyOf(flat.keySet());
                csv.writeRecord(columns);
            }
            var cells = new java.util.ArrayList<String>();
            for (String column : columns) {
                Object value = flat.get(column);
                cells.add(value == null ? "" : value.toString());
            }
            csv.writeRecord(cells);
        }
        csv.flush();
    }

    private static void flatten(String prefix, Document document, Map<String, Object> into) {
        document.forEach((key, value) -> {
            if (value instanceof Document nested) {
                flatten(prefix + key + ".", nested, into);
            } else {
                into.put(prefix + key, value);
            }
        });
    }

    /** The store holds each record once, equal to the file's, field by field (an _id of its own, or the loader's). */
    private static void assertStoredOnceAsWritten(MongoCollection<Document> stored, Path file, int count, boolean csv) {
        Map<Integer, Document> byNumber = new HashMap<>();
        var ids = new HashSet<ObjectId>();
        for (Document document : stored.find().batchSize(1_000)) {
            assertTrue(ids.add(document.getObjectId("_id")), "one _id, one record");
            assertEquals(
                    null,
                    byNumber.put(document.getInteger("n"), document),
                    "record " + document.get("n") + " stored once");
        }
        assertEquals(count, byNumber.size());
        var generator = new RecordGenerator(file.getFileName().toString().hashCode());
        for (int n = 0; n < count; n++) {
            Document expected = record(generator, n, csv);
            Document actual = byNumber.get(n);
            if (expected.containsKey("_id")) {
                expected.put("_id", new ObjectId(expected.getString("_id")));
            } else {
                actual.remove("_id");
            }
            assertEquals(expected, actual, "record " + n);
        }
    }
}
