package org.inventory.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;
import org.inventory.filler.generate.RecordGenerator;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.RawWebSocket;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile WebSocket input, sent by a hand-written client that can break the protocol on purpose: each message
 * gets its documented reply (README, Ingest) or the connection its documented close, valid records sent in between
 * are all stored exactly, and the server keeps serving new connections.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostileInputTest {
    private static final String COLLECTION = "hostile_input";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int MAX_MESSAGE_BYTES = 1_048_576;
    private static final RecordGenerator GENERATOR = new RecordGenerator(4_242L);
    /** Where this class's own records' ids start, far from the generator's. */
    private static final String ID_PREFIX = "65aa00000000000000";

    /** A record sent in frames the server must refuse: it must never be stored. */
    private static final String LEAK = "{\"leak\":true}";

    private static InventoryServer server;
    private static MongoCollection<RawBsonDocument> stored;
    private static final AtomicInteger hostileInputs = new AtomicInteger();
    private static final AtomicInteger validRecords = new AtomicInteger();
    private static final AtomicInteger connections = new AtomicInteger();

    /** Whether the WebSockets go to the device port ({@code INVENTORY_DEVICE_PORT}); set by the Device* subclass. */
    static boolean onDevicePort;

    /** The server's variables, with the device port open beside the API port so that either can take ingest. */
    private static Map<String, String> env(Map<String, String> overrides) {
        var env = new java.util.HashMap<>(overrides);
        env.put("INVENTORY_DEVICE_PORT", "0");
        return TestEnv.server(COLLECTION, env);
    }

    /** Where this class's WebSockets connect: the API port, or the device port for the Device* subclass. */
    static int ingestPort(InventoryServer server) {
        return onDevicePort ? server.devicePort().orElseThrow() : server.port();
    }

    @BeforeAll
    static void startServer() {
        onDevicePort = false;
        TestStore.emptyCollection(COLLECTION);
        stored = TestStore.database().getCollection(COLLECTION, RawBsonDocument.class);
        server = InventoryServer.start(Settings.from(env(Map.of())));
    }

    @AfterAll
    static void stopServer() {
        server.close();
        Suite.summary(
                onDevicePort ? "DeviceHostileInputTest" : "HostileInputTest",
                String.format(
                        "%d hostile inputs tried over %d connections, %d valid records"
                                + " interleaved and stored exactly; the server answered a fresh connection after each",
                        hostileInputs.get(), connections.get(), validRecords.get()));
    }

    /** What a hostile message must get: a refusal with a code (and for a bad record its index and path), or acceptance. */
    private sealed interface Expected {}

    private record Refused(String code, Integer index, String path) implements Expected {}

    private record Accepted(int inserted, int duplicates) implements Expected {}

    private interface Send {
        void to(RawWebSocket socket) throws IOException;
    }

    /**
     * One hostile message: how to send it, what it must get, and which records (JSON texts with an {@code _id})
     * must then be stored as a result.
     */
    private record Case(String name, Send send, Expected expected, List<String> stores) {}

    private static Case refused(String name, String text, String code) {
        return new Case(name, socket -> socket.text(text), new Refused(code, null, null), List.of());
    }

    private static Case refusedAt(String name, String text, int index, String path) {
        return new Case(name, socket -> socket.text(text), new Refused("invalid_record", index, path), List.of());
    }

    private static Case frames(String name, Send send, Expected expected, String... stores) {
        return new Case(name, send, expected, List.of(stores));
    }

    /** A record that must be accepted and stored exactly as sent. */
    private static Case accepted(String name, String record) {
        return new Case(name, socket -> socket.text(record), new Accepted(1, 0), List.of(record));
    }

    private static String id(int n) {
        return ID_PREFIX + String.format("%06x", n);
    }

    private static String record(int n, String fields) {
        return "{\"_id\":\"" + id(n) + "\"," + fields + "}";
    }

    private static String nested(String open, String inner, String close, int depth) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    private static byte[] concat(byte[]... parts) {
        var buffer =
                ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Case> hostileMessages() {
        String generated = GENERATOR.record(1_000_000);
        String batchWithBadThird = "[" + record(900, "\"ok\":1") + "," + record(901, "\"ok\":2") + ","
                + record(902, "\"bad\":{\"$where\":\"1\"}") + "]";
        String tooLong = "{\"pad\":\"" + "p".repeat(MAX_MESSAGE_BYTES) + "\"}";
        byte[] tooLongBytes = utf8(tooLong);
        var cases = new ArrayList<Case>(List.of(
                // Not JSON at all, or not quite.
                refused("an empty text message", "", "invalid_json"),
                refused("only whitespace", " \t\r\n ", "invalid_json"),
                refused("an unclosed object", "{", "invalid_json"),
                refused("a lone closing brace", "}", "invalid_json"),
                refused("a missing value", "{\"a\":}", "invalid_json"),
                refused("a trailing comma", "{\"a\":1,}", "invalid_json"),
                refused("a missing colon", "{\"a\" 1}", "invalid_json"),
                refused("an unclosed batch", "[{\"a\":1}", "invalid_json"),
                refused("a trailing comma in a batch", "[{\"a\":1},]", "invalid_json"),
                refused("a bare word", "nope", "invalid_json"),
                refused("single quotes", "{'a':1}", "invalid_json"),
                refused("NaN", "{\"a\":NaN}", "invalid_json"),
                refused("Infinity", "{\"a\":Infinity}", "invalid_json"),
                refused("a leading zero", "{\"a\":01}", "invalid_json"),
                refused("a bad escape", "{\"a\":\"\\x\"}", "invalid_json"),
                refused("an unterminated string", "{\"a\":\"open}", "invalid_json"),
                refused("a raw control character in a string", "{\"a\":\"tab\tinside\"}", "invalid_json"),
                refused("a misspelt literal", "{\"a\":tru}", "invalid_json"),
                refused("two records without a batch", "{\"a\":1}{\"b\":2}", "invalid_json"),
                refused("content after the record", "{\"a\":1} x", "invalid_json"),
                refused("a comment", "/* hi */ {\"a\":1}", "invalid_json"),
                refused("a byte order mark", "\uFEFF{\"a\":1}", "invalid_json"),
                refused(
                        "a generated record cut in half",
                        generated.substring(0, generated.length() / 2),
                        "invalid_json"),
                refused("a batch cut in half", "[" + generated + "," + generated.substring(0, 100), "invalid_json"),
                // JSON, but not records.
                refused("a number", "42", "invalid_record"),
                refused("a string", "\"text\"", "invalid_record"),
                refused("true", "true", "invalid_record"),
                refused("null", "null", "invalid_record"),
                refused("an empty batch", "[]", "invalid_record"),
                refusedAt("a batch of numbers", "[1,2]", 0, ""),
                refusedAt("a batch with a string after a record", "[{\"a\":1},\"x\"]", 1, ""),
                refusedAt("a batch of batches", "[[{\"a\":1}]]", 0, ""),
                refused("a batch of 1,001 records", "[" + "{},".repeat(1000) + "{}]", "batch_too_large"),
                // Nesting.
                refused("100,000 nested arrays", nested("[", "", "]", 100_000), "invalid_record"),
                refusedAt(
                        "100,000 nested objects",
                        nested("{\"a\":", "1", "}", 100_000),
                        0,
                        "a".repeat(32).replaceAll("(?<=a)(?=a)", ".")),
                refused(
                        "a field of 100,000 nested arrays",
                        "{\"deep\":" + nested("[", "", "]", 100_000) + "}",
                        "invalid_record"),
                refusedAt(
                        "33 levels: one too many",
                        nested("{\"a\":", "1", "}", 33),
                        0,
                        "a".repeat(32).replaceAll("(?<=a)(?=a)", ".")),
                // Numbers.
                refusedAt("a 40-digit integer", "{\"n\":" + "9".repeat(40) + "}", 0, "n"),
                refusedAt("a negative 40-digit integer", "{\"n\":-" + "9".repeat(40) + "}", 0, "n"),
                refused("a 3,000-digit integer", "{\"n\":" + "9".repeat(3000) + "}", "invalid_record"),
                refused("a number with 5,000 decimals", "{\"n\":0." + "3".repeat(5000) + "}", "invalid_record"),
                refusedAt("a number beyond a double", "{\"n\":1e400}", 0, "n"),
                refusedAt("a negative number beyond a double", "{\"n\":-1e400}", 0, "n"),
                // Field names and text.
                refusedAt("a $ field name", "{\"$set\":{\"a\":1}}", 0, "$set"),
                refusedAt("a nested $ field name", "{\"q\":{\"$gt\":1}}", 0, "q.$gt"),
                refusedAt(
                        "a $ field name deep in a batch",
                        "[{\"ok\":1},{\"b\":[{\"$where\":\"x\"}]}]",
                        1,
                        "b[0].$where"),
                refusedAt("a NUL in a field name", "{\"a\\u0000b\":1}", 0, "a\u0000b"),
                refusedAt("a field name that is NUL", "{\"\\u0000\":1}", 0, "\u0000"),
                refusedAt("a repeated field name", "{\"a\":1,\"a\":2}", 0, "a"),
                refusedAt("an unpaired surrogate in a value", "{\"s\":\"\\ud800\"}", 0, "s"),
                // Its path cannot be sent back as UTF-8 either: the reply shows it as '?'.
                refusedAt("an unpaired surrogate in a field name", "{\"\\udc00\":1}", 0, "?"),
                // Wrong _id.
                refusedAt("a numeric _id", "{\"_id\":42}", 0, "_id"),
                refusedAt("a boolean _id", "{\"_id\":true}", 0, "_id"),
                refusedAt("a null _id", "{\"_id\":null}", 0, "_id"),
                refusedAt("an array _id", "{\"_id\":[\"" + id(1) + "\"]}", 0, "_id"),
                refusedAt("an empty object _id", "{\"_id\":{}}", 0, "_id"),
                refusedAt("a short $oid", "{\"_id\":{\"$oid\":\"abc\"}}", 0, "_id"),
                refusedAt("a numeric $oid", "{\"_id\":{\"$oid\":42}}", 0, "_id"),
                refusedAt("a $oid with another field", "{\"_id\":{\"$oid\":\"" + id(1) + "\",\"x\":1}}", 0, "_id"),
                refusedAt("a 23-digit _id", "{\"_id\":\"" + id(1).substring(1) + "\"}", 0, "_id"),
                refusedAt("a 25-digit _id", "{\"_id\":\"" + id(1) + "0\"}", 0, "_id"),
                refusedAt("a non-hex _id", "{\"_id\":\"" + "z".repeat(24) + "\"}", 0, "_id"),
                refusedAt("a repeated _id field", "{\"_id\":\"" + id(1) + "\",\"_id\":\"" + id(2) + "\"}", 0, "_id"),
                // A batch is all or nothing: its two good records are not stored either.
                refusedAt("a batch whose third record is bad", batchWithBadThird, 2, "bad.$where"),
                // Frames that are not one text frame.
                frames(
                        "a binary frame",
                        socket -> socket.binary(utf8("{\"a\":1}")),
                        new Refused("unsupported_frame", null, null)),
                frames(
                        "an empty binary frame",
                        socket -> socket.binary(new byte[0]),
                        new Refused("unsupported_frame", null, null)),
                frames(
                        "a binary message in two fragments",
                        socket -> socket.frame(false, RawWebSocket.BINARY, new byte[] {1, 2})
                                .frame(true, RawWebSocket.CONTINUATION, new byte[] {3}),
                        new Refused("unsupported_frame", null, null)),
                frames(
                        "a text message over the limit in two fragments",
                        socket -> socket.frame(
                                        false, RawWebSocket.TEXT, Arrays.copyOf(tooLongBytes, tooLongBytes.length / 2))
                                .frame(
                                        true,
                                        RawWebSocket.CONTINUATION,
                                        Arrays.copyOfRange(tooLongBytes, tooLongBytes.length / 2, tooLongBytes.length)),
                        new Refused("message_too_large", null, null)),
                frames(
                        "a text message over the limit in 100 fragments",
                        socket -> {
                            int step = tooLongBytes.length / 100 + 1;
                            for (int from = 0; from < tooLongBytes.length; from += step) {
                                int to = Math.min(tooLongBytes.length, from + step);
                                socket.frame(
                                        to == tooLongBytes.length,
                                        from == 0 ? RawWebSocket.TEXT : RawWebSocket.CONTINUATION,
                                        Arrays.copyOfRange(tooLongBytes, from, to));
                            }
                        },
                        new Refused("message_too_large", null, null))));

        // Odd but valid: each must be accepted and stored exactly.
        cases.addAll(List.of(
                accepted("32 levels of nesting, the most allowed", record(1, "\"deep\":" + nested("[", "1", "]", 31))),
                accepted(
                        "a 34-digit integer, kept exactly",
                        record(2, "\"n\":" + "9".repeat(34) + ",\"m\":-" + "1".repeat(34))),
                accepted(
                        "a string of 900,000 characters in one frame",
                        record(3, "\"s\":\"" + "x".repeat(900_000) + "\"")),
                accepted(
                        "unicode names and values",
                        record(4, "\"名前\":\"在庫 \uD83D\uDCE6\",\"ключ\":\"é€\",\"emoji \uD83D\uDE00\":[\"\\u00e9\"]")),
                accepted("a NUL inside a value", record(5, "\"s\":\"a\\u0000b\"")),
                accepted("a dotted and an empty field name", record(6, "\"a.b\":1,\"\":2")),
                accepted("an $oid _id", "{\"_id\":{\"$oid\":\"" + id(7) + "\"},\"n\":7}"),
                frames(
                        "a record already stored: a duplicate, not an error",
                        socket -> socket.text(GENERATOR.record(0)),
                        new Accepted(0, 1)),
                frames(
                        "a batch repeating an _id: stored once",
                        socket -> socket.text("[" + record(8, "\"n\":1") + "," + record(8, "\"n\":2") + "]"),
                        new Accepted(1, 1),
                        record(8, "\"n\":1")),
                frames(
                        "a record in five fragments",
                        socket -> {
                            byte[] text = utf8(record(9, "\"s\":\"fragmented\""));
                            for (int i = 0; i < 5; i++) {
                                socket.frame(
                                        i == 4,
                                        i == 0 ? RawWebSocket.TEXT : RawWebSocket.CONTINUATION,
                                        Arrays.copyOfRange(text, text.length * i / 5, text.length * (i + 1) / 5));
                            }
                        },
                        new Accepted(1, 0),
                        record(9, "\"s\":\"fragmented\"")),
                frames(
                        "a record of one empty fragment and one full",
                        socket -> socket.frame(false, RawWebSocket.TEXT, new byte[0])
                                .frame(true, RawWebSocket.CONTINUATION, utf8(record(10, "\"n\":10"))),
                        new Accepted(1, 0),
                        record(10, "\"n\":10")),
                frames(
                        "an unsolicited pong in the middle of a fragmented record",
                        socket -> {
                            byte[] text = utf8(record(11, "\"n\":11"));
                            socket.frame(false, RawWebSocket.TEXT, Arrays.copyOf(text, 20))
                                    .pong(utf8("unasked"))
                                    .frame(true, RawWebSocket.CONTINUATION, Arrays.copyOfRange(text, 20, text.length));
                        },
                        new Accepted(1, 0),
                        record(11, "\"n\":11")),
                frames(
                        "a ping in the middle of a fragmented record: answered at once",
                        socket -> {
                            byte[] text = utf8(record(12, "\"n\":12"));
                            socket.frame(false, RawWebSocket.TEXT, Arrays.copyOf(text, 10))
                                    .ping(utf8("mid"))
                                    .frame(false, RawWebSocket.CONTINUATION, Arrays.copyOfRange(text, 10, 30))
                                    .frame(true, RawWebSocket.CONTINUATION, Arrays.copyOfRange(text, 30, text.length));
                            assertArrayEquals(utf8("mid"), socket.receivePong(), "the pong carries the ping's data");
                        },
                        new Accepted(1, 0),
                        record(12, "\"n\":12"))));

        // Invalid UTF-8 in a text frame (RFC 3629, checked on the message's bytes): refused, never stored altered.
        cases.addAll(List.of(
                frames(
                        "an overlong '/' (0xC0 0xAF) inside a string",
                        socket -> socket.text(
                                concat(utf8("{\"s\":\""), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\"}"))),
                        new Refused("invalid_json", null, null)),
                frames(
                        "an encoded surrogate (0xED 0xA0 0x80) inside a string",
                        socket -> socket.text(concat(
                                utf8("{\"s\":\""), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("\"}"))),
                        new Refused("invalid_json", null, null)),
                frames(
                        "a code point above U+10FFFF inside a string",
                        socket -> socket.text(concat(
                                utf8("{\"s\":\""),
                                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                                utf8("\"}"))),
                        new Refused("invalid_json", null, null)),
                frames(
                        "a raw NUL byte inside a string",
                        socket -> socket.text(concat(utf8("{\"s\":\""), new byte[] {0}, utf8("\"}"))),
                        new Refused("invalid_json", null, null)),
                frames(
                        "a record as UTF-32BE, which Jackson would otherwise detect and read",
                        socket -> socket.text("{\"leak\":1}".getBytes(java.nio.charset.Charset.forName("UTF-32BE"))),
                        new Refused("invalid_json", null, null)),
                frames(
                        "a byte 0xFF inside a string",
                        socket -> socket.text(concat(
                                utf8(record(13, "\"s\":\"x").replaceAll("}$", "")),
                                new byte[] {(byte) 0xFF},
                                utf8("y\"}"))),
                        new Refused("invalid_json", null, null)),
                frames(
                        "a cut-off sequence 0xC3 0x28 inside a string",
                        socket -> socket.text(concat(
                                utf8(record(14, "\"s\":\"").replaceAll("}$", "")),
                                new byte[] {(byte) 0xC3, '('},
                                utf8("\"}"))),
                        new Refused("invalid_json", null, null)),
                frames(
                        "a byte 0xFF after the record",
                        socket -> socket.text(concat(utf8("{\"a\":1}"), new byte[] {(byte) 0xFF})),
                        new Refused("invalid_json", null, null)),
                frames(
                        "a byte 0xFF in place of a quote",
                        socket -> socket.text(concat(utf8("{"), new byte[] {(byte) 0xFF}, utf8("a\":1}"))),
                        new Refused("invalid_json", null, null))));
        return cases;
    }

    @Test
    void hostile_messages_between_valid_records_get_their_documented_replies_and_every_valid_record_is_stored()
            throws Exception {
        List<Case> cases = hostileMessages();
        assertTrue(cases.size() >= 50, "at least 50 hostile messages, not " + cases.size());
        var expected = new LinkedHashMap<String, String>();
        try (var socket = connect()) {
            long seq = 0;
            for (Case hostile : cases) {
                hostile.send().to(socket);
                assertReply(hostile.name(), ++seq, hostile.expected(), socket.reply());
                hostile.stores().forEach(record -> expected.put(idOf(record), record));
                hostileInputs.incrementAndGet();

                String valid = GENERATOR.record(validRecords.get());
                socket.text(valid);
                assertEquals(
                        "{\"ok\":true,\"seq\":" + ++seq + ",\"inserted\":1,\"duplicates\":0}",
                        socket.reply(),
                        "the valid record after: " + hostile.name());
                expected.put(idOf(valid), valid);
                validRecords.incrementAndGet();
            }
        }
        assertStoredExactly(expected);
    }

    @Test
    void a_frame_over_the_size_limit_is_message_too_large_and_the_connection_goes_on() throws Exception {
        byte[] text = utf8("{\"leak\":\"" + "p".repeat(MAX_MESSAGE_BYTES) + "\"}");
        try (var socket = connect()) {
            socket.text(text);
            assertReply("an oversized frame", 1, new Refused("message_too_large", null, null), socket.reply());
            socket.text("{\"$x\":1}");
            assertReply("after the oversized frame", 2, new Refused("invalid_record", 0, "$x"), socket.reply());
        }
        hostileInputs.incrementAndGet();
    }

    @Test
    void frames_that_break_the_protocol_close_the_connection_with_1002() throws Exception {
        var violations = new LinkedHashMap<String, Send>();
        violations.put("an unmasked frame", socket -> socket.frame(0x80 | RawWebSocket.TEXT, utf8(LEAK), false));
        violations.put(
                "a continuation without a message",
                socket -> socket.frame(true, RawWebSocket.CONTINUATION, utf8(LEAK)));
        violations.put("a reserved bit set", socket -> socket.frame(0x80 | 0x40 | RawWebSocket.TEXT, utf8(LEAK), true));
        for (int opcode : new int[] {0x3, 0x7, 0xB, 0xF}) {
            violations.put("reserved opcode " + opcode, socket -> socket.frame(true, opcode, utf8(LEAK)));
        }
        violations.put("a fragmented ping", socket -> socket.frame(false, RawWebSocket.PING, utf8("part")));
        violations.put("a ping over 125 bytes", socket -> socket.frame(true, RawWebSocket.PING, new byte[126]));
        violations.put(
                "a new text frame inside a fragmented message",
                socket -> socket.frame(false, RawWebSocket.TEXT, utf8("{\"leak\":"))
                        .frame(true, RawWebSocket.TEXT, utf8("{}")));
        violations.put("a close with a status the RFC forbids (999)", socket -> socket.close(999, "odd status"));
        violations.put(
                "a length of 5 sent in 16 bits", socket -> socket.frameWithLength(RawWebSocket.TEXT, utf8(LEAK), 2));
        violations.put(
                "a length of 200 sent in 64 bits",
                socket -> socket.frameWithLength(RawWebSocket.TEXT, utf8(LEAK + " ".repeat(200 - LEAK.length())), 8));
        violations.put(
                "a close with a one-byte payload", socket -> socket.frame(true, RawWebSocket.CLOSE, new byte[] {3}));
        for (var violation : violations.entrySet()) {
            try (var socket = connect()) {
                violation.getValue().to(socket);
                assertEquals(1002, socket.closeStatus(), violation.getKey());
            }
            hostileInputs.incrementAndGet();
        }
    }

    @Test
    void a_close_reason_that_is_not_utf8_closes_the_connection_with_1007() throws Exception {
        try (var socket = connect()) {
            socket.frame(true, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xFF});
            assertEquals(1007, socket.closeStatus());
        }
        hostileInputs.incrementAndGet();
    }

    @Test
    void a_close_frame_is_answered_with_a_close_of_the_same_status() throws Exception {
        Map<Send, Integer> closes = Map.of(
                socket -> socket.close(1000, "bye"), 1000,
                socket -> socket.close(4000, "application status"), 4000,
                socket -> socket.frame(true, RawWebSocket.CLOSE, new byte[0]), 1000);
        for (var close : closes.entrySet()) {
            try (var socket = connect()) {
                close.getKey().to(socket);
                assertEquals(close.getValue(), socket.closeStatus());
            }
            hostileInputs.incrementAndGet();
        }
    }

    /** RFC 6455 lets a text frame end inside a UTF-8 sequence: only the whole message must be valid. */
    @Test
    void a_character_split_across_two_fragments_is_stored_exactly() throws Exception {
        String record = record(99, "\"s\":\"\u20ac\"");
        byte[] text = utf8(record);
        int insideTheEuroSign = utf8(record.substring(0, record.indexOf('\u20ac'))).length + 1;
        try (var socket = connect()) {
            socket.frame(false, RawWebSocket.TEXT, Arrays.copyOf(text, insideTheEuroSign))
                    .frame(true, RawWebSocket.CONTINUATION, Arrays.copyOfRange(text, insideTheEuroSign, text.length));
            assertReply("a split character", 1, new Accepted(1, 0), socket.reply());
        }
        assertStored(id(99), record);
    }

    @AfterEach
    void nothingRefusedWasStoredAndAFreshConnectionStillWorks() throws IOException {
        assertEquals(0, stored.countDocuments(Filters.exists("leak")), "records from refused frames");
        assertAFreshConnectionWorks();
    }

    private static void assertReply(String name, long seq, Expected expected, String reply) {
        @SuppressWarnings("unchecked")
        var fields = (Map<String, Object>) JsonValues.parse(reply);
        switch (expected) {
            case Accepted accepted ->
                assertEquals(
                        Map.of(
                                "ok",
                                true,
                                "seq",
                                big(seq),
                                "inserted",
                                big(accepted.inserted()),
                                "duplicates",
                                big(accepted.duplicates())),
                        fields,
                        name);
            case Refused refused -> {
                assertEquals(false, fields.get("ok"), name + ": " + reply);
                assertEquals(big(seq), fields.get("seq"), name + ": " + reply);
                @SuppressWarnings("unchecked")
                var error = (Map<String, Object>) fields.get("error");
                assertEquals(refused.code(), error.get("code"), name + ": " + reply);
                assertEquals(false, error.get("retryable"), name + ": " + reply);
                if (refused.index() != null) {
                    assertEquals(big(refused.index()), error.get("index"), name + ": " + reply);
                    assertEquals(refused.path(), error.get("path"), name + ": " + reply);
                }
            }
        }
    }

    private static java.math.BigInteger big(long n) {
        return java.math.BigInteger.valueOf(n);
    }

    private static String idOf(String record) {
        @SuppressWarnings("unchecked")
        var fields = (Map<String, Object>) JsonValues.parse(record);
        Object id = fields.get("_id");
        return id instanceof Map<?, ?> oid ? (String) oid.get("$oid") : (String) id;
    }

    /** The collection holds exactly these records (by {@code _id}), each equal as JSON to what was sent. */
    private static void assertStoredExactly(Map<String, String> expected) {
        assertEquals(expected.size(), stored.countDocuments(), "records stored");
        expected.forEach(HostileInputTest::assertStored);
    }

    private static void assertStored(String id, String record) {
        RawBsonDocument document =
                stored.find(Filters.eq("_id", new ObjectId(id))).first();
        assertTrue(document != null, "not stored: " + id);
        assertEquals(JsonValues.parse(withHexId(record)), JsonValues.of(document), "stored as sent: " + id);
    }

    /** The record with an {@code {"$oid": …}} _id written as the plain hex string the service shows. */
    private static String withHexId(String record) {
        return record.replaceFirst("^\\{\"_id\":\\{\"\\$oid\":\"([0-9a-f]{24})\"}", "{\"_id\":\"$1\"");
    }

    private static RawWebSocket connect() throws IOException {
        connections.incrementAndGet();
        return RawWebSocket.connect(ingestPort(server), WAIT);
    }

    private static void assertAFreshConnectionWorks() throws IOException {
        try (var socket = connect()) {
            socket.text("{\"fresh\":true}");
            assertEquals("{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}", socket.reply());
        }
        stored.deleteOne(Filters.eq("fresh", true));
    }
}
