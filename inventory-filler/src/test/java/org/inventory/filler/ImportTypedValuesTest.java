package org.inventory.filler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.Http;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.TypedRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Typed values through the loader, against a real server: an export of records of every BSON type a record may
 * hold, imported with {@code --file} into another collection, stores the same documents and exports the same text;
 * a CSV header types its columns as mongoimport's {@code --columnsHaveTypes} does, with {@code --parse-grace} for
 * cells that are not of their column's type.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImportTypedValuesTest {
    private static final ObjectId ID = new ObjectId("65f1d7f1e2b3c4d5e6f70819");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "/export?format={0} then --file then /export")
    @ValueSource(strings = {"ndjson", "json"})
    void an_export_imported_again_stores_identical_documents_of_every_type(String format) throws IOException {
        MongoCollection<BsonDocument> source =
                TestStore.emptyCollection("typed_source").withDocumentClass(BsonDocument.class);
        MongoCollection<BsonDocument> target =
                TestStore.emptyCollection("typed_target").withDocumentClass(BsonDocument.class);
        var random = new Random(28);
        List<BsonDocument> records = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            records.add(TypedRecords.storable(random));
        }
        source.insertMany(records);
        Path file = dir.resolve("export." + format);
        String exported;
        try (var server = InventoryServer.start(Settings.from(TestEnv.server("typed_source")))) {
            exported = Http.get(server.port(), "/export?format=" + format).body();
        }
        Files.writeString(file, exported, StandardCharsets.UTF_8);
        try (var server = InventoryServer.start(Settings.from(TestEnv.server("typed_target")))) {
            var filler =
                    Filler.with("--file", file.toString(), "--url", Filler.url(server.port()), "--batch-size", "50");
            assertEquals(0, filler.run(), filler::transcript);
            assertEquals(new Filler.Summary(1_000, 1_000, 0, 0), filler.summary(), filler::transcript);
            assertEquals(
                    exported,
                    Http.get(server.port(), "/export?format=" + format).body());
        }
        assertEquals(
                source.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()),
                target.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
    }

    @Test
    void mongoexport_style_extended_json_is_imported_as_its_types() throws IOException {
        MongoCollection<BsonDocument> stored =
                TestStore.emptyCollection("typed_ejson").withDocumentClass(BsonDocument.class);
        Path file = dir.resolve("mongoexport.json");
        Files.writeString(file, """
                {"_id":{"$oid":"65f1d7f1e2b3c4d5e6f70819"},"at":{"$date":"2024-05-01T12:00:00Z"},"n":{"$numberLong":"3"},"d":{"$numberDecimal":"1.10"}}
                {"_id":{"$oid":"65f1d7f1e2b3c4d5e6f7081a"},"at":{"$date":{"$numberLong":"-5"}},"n":{"$numberInt":"3"},"x":{"$numberDouble":"-Infinity"}}
                """);
        try (var server = InventoryServer.start(Settings.from(TestEnv.server("typed_ejson")))) {
            var filler = Filler.with("--file", file.toString(), "--url", Filler.url(server.port()));
            assertEquals(0, filler.run(), filler::transcript);
        }
        assertEquals(
                List.of(
                        new BsonDocument("_id", new BsonObjectId(ID))
                                .append("at", new BsonDateTime(1714564800000L))
                                .append("n", new BsonInt64(3))
                                .append("d", new BsonDecimal128(Decimal128.parse("1.10"))),
                        new BsonDocument("_id", new BsonObjectId(new ObjectId("65f1d7f1e2b3c4d5e6f7081a")))
                                .append("at", new BsonDateTime(-5))
                                .append("n", new BsonInt32(3))
                                .append("x", new BsonDouble(Double.NEGATIVE_INFINITY))),
                stored.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
    }

    @Test
    void a_typed_csv_header_stores_each_column_as_its_type() throws IOException {
        MongoCollection<BsonDocument> stored =
                TestStore.emptyCollection("typed_csv").withDocumentClass(BsonDocument.class);
        Path file =
                csv("_id.oid(),sku.string(),quantity.int32(),count.int64(),price.amount.double(),price.exact.decimal(),"
                        + "updated_at.date(2006-01-02),seen.date(02/01/2006 3:04PM),when.date_iso8601(),ok.boolean(),plain,code.auto()\n"
                        + ID.toHexString()
                        + ",007,42,5,9.5,9.50,2024-05-01,01/05/2024 2:30PM,2024-05-01T12:00:00+02:00,T,12,true\n");
        try (var server = InventoryServer.start(Settings.from(TestEnv.server("typed_csv")))) {
            var filler = Filler.with("--file", file.toString(), "--url", Filler.url(server.port()));
            assertEquals(0, filler.run(), filler::transcript);
        }
        assertEquals(
                new BsonDocument("_id", new BsonObjectId(ID))
                        .append("sku", new BsonString("007"))
                        .append("quantity", new BsonInt32(42))
                        .append("count", new BsonInt64(5))
                        .append(
                                "price",
                                new BsonDocument("amount", new BsonDouble(9.5))
                                        .append("exact", new BsonDecimal128(Decimal128.parse("9.50"))))
                        .append("updated_at", new BsonDateTime(1714521600000L))
                        .append("seen", new BsonDateTime(1714573800000L))
                        .append("when", new BsonDateTime(1714557600000L))
                        .append("ok", BsonBoolean.TRUE)
                        .append("plain", new BsonInt32(12))
                        .append("code", BsonBoolean.TRUE),
                stored.find().first());
    }

    private static final String BAD_ROW_FILE = """
            sku,quantity.int32(),at.date(2006-01-02)
            A,1,2024-05-01
            B,many,2024-05-02
            C,3,2024-05-03
            """;

    @Test
    void under_parse_grace_stop_a_cell_not_of_its_type_stops_the_import_naming_line_column_and_value()
            throws IOException {
        MongoCollection<BsonDocument> stored =
                TestStore.emptyCollection("typed_stop").withDocumentClass(BsonDocument.class);
        Path file = csv(BAD_ROW_FILE);
        try (var server = InventoryServer.start(Settings.from(TestEnv.server("typed_stop")))) {
            var filler = Filler.with("--file", file.toString(), "--url", Filler.url(server.port()));
            assertEquals(1, filler.run(), filler::transcript);
            assertTrue(
                    filler.err().contains("line 3: invalid_record column 2 'quantity.int32()': 'many' is not int32"),
                    filler::transcript);
        }
        assertEquals(
                List.of("A"),
                stored.find().map(d -> d.getString("sku").getValue()).into(new ArrayList<>()));
    }

    @Test
    void under_parse_grace_skip_field_the_field_is_left_out() throws IOException {
        MongoCollection<BsonDocument> stored =
                TestStore.emptyCollection("typed_skip_field").withDocumentClass(BsonDocument.class);
        Path file = csv(BAD_ROW_FILE);
        try (var server = InventoryServer.start(Settings.from(TestEnv.server("typed_skip_field")))) {
            var filler = Filler.with(
                    "--file", file.toString(), "--url", Filler.url(server.port()), "--parse-grace", "skip-field");
            assertEquals(0, filler.run(), filler::transcript);
            assertEquals(new Filler.Summary(3, 3, 0, 0), filler.summary(), filler::transcript);
        }
        BsonDocument b =
                stored.find(new BsonDocument("sku", new BsonString("B"))).first();
        assertEquals(List.of("_id", "sku", "at"), List.copyOf(b.keySet()));
    }

    @Test
    void under_parse_grace_skip_row_the_row_is_reported_refused_and_the_others_stored() throws IOException {
        MongoCollection<BsonDocument> stored =
                TestStore.emptyCollection("typed_skip_row").withDocumentClass(BsonDocument.class);
        Path file = csv(BAD_ROW_FILE);
        try (var server = InventoryServer.start(Settings.from(TestEnv.server("typed_skip_row")))) {
            var filler = Filler.with(
                    "--file", file.toString(), "--url", Filler.url(server.port()), "--parse-grace", "skip-row");
            assertEquals(1, filler.run(), filler::transcript);
            assertEquals(1, filler.refused(), filler::transcript);
            assertEquals(new Filler.Summary(3, 2, 0, 1), filler.summary(), filler::transcript);
            assertTrue(
                    filler.err().contains("line 3: invalid_record column 2 'quantity.int32()': 'many' is not int32"),
                    filler::transcript);
        }
        assertEquals(
                List.of("A", "C"),
                stored.find()
                        .sort(Sorts.ascending("sku"))
                        .map(d -> d.getString("sku").getValue())
                        .into(new ArrayList<>()));
    }

    @Test
    void an_unknown_column_type_stops_the_import_before_anything_is_sent() throws IOException {
        Path file = csv("sku,quantity.integer()\nA,1\n");
        var filler = Filler.with("--file", file.toString(), "--url", "ws://127.0.0.1:9/");
        assertEquals(1, filler.run(), filler::transcript);
        assertTrue(
                filler.err().contains("column 2 'quantity.integer()': unknown column type integer()"),
                filler::transcript);
    }

    private Path csv(String text) throws IOException {
        Path file = dir.resolve("typed-" + text.hashCode() + ".csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
