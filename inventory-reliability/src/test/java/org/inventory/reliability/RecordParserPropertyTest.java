package org.inventory.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.inventory.core.ErrorCode;
import org.inventory.core.RecordParser;
import org.inventory.core.RejectedException;
import org.inventory.core.Rejection;
import org.inventory.core.store.RecordWriter;
import org.inventory.core.store.Store;
import org.inventory.core.store.StoreLocation;
import org.inventory.reliability.JsonModel.Arr;
import org.inventory.reliability.JsonModel.Bool;
import org.inventory.reliability.JsonModel.Field;
import org.inventory.reliability.JsonModel.Json;
import org.inventory.reliability.JsonModel.Message;
import org.inventory.reliability.JsonModel.Null;
import org.inventory.reliability.JsonModel.Num;
import org.inventory.reliability.JsonModel.Obj;
import org.inventory.reliability.JsonModel.Str;
import org.inventory.reliability.JsonModel.Violation;
import org.inventory.testkit.TestStore;

/**
 * Properties of {@link RecordParser}: whatever text comes in, it is either parsed into records that round-trip
 * exactly (parse, store through the real driver into the test store, read back, write as JSON: equal as JSON to
 * the input, {@code _id} considered), or refused with a {@link RejectedException} carrying a documented code. No
 * other exception, ever. For generated JSON whose rule-breaking is known in advance, the verdict must be the
 * expected one: accepted when valid, refused with the right code and record index when not.
 */
class RecordParserPropertyTest {
    private static final String COLLECTION = "parser_properties";
    /** A small batch limit, so that batch_too_large comes up among small generated batches. */
    private static final int MAX_BATCH = 5;

    private static final RecordParser PARSER = new RecordParser(MAX_BATCH);
    /** A few fixed ids, so that batches repeat an _id now and then. */
    private static final List<String> IDS =
            List.of("5f1d7f1e2b3c4d5e6f708191", "5F1D7F1E2B3C4D5E6F708192", "000000000000000000000000");

    private static Store store;
    private static RecordWriter writer;
    private static MongoCollection<RawBsonDocument> stored;
    private static final AtomicLong anyTexts = new AtomicLong();
    private static final AtomicLong generatedMessages = new AtomicLong();
    private static final AtomicLong recordsStored = new AtomicLong();
    private static final AtomicLong validMessages = new AtomicLong();
    private static final AtomicLong invalidMessages = new AtomicLong();
    private static final Map<ErrorCode, AtomicLong> refusals = new EnumMap<>(ErrorCode.class);

    @BeforeContainer
    static void openStore() {
        TestStore.emptyCollection(COLLECTION);
        store = Store.open(
                StoreLocation.remote(TestStore.url(), TestStore.database().getName()), Duration.ofSeconds(10));
        writer = new RecordWriter(store, COLLECTION);
        stored = TestStore.database().getCollection(COLLECTION, RawBsonDocument.class);
        for (ErrorCode code : ErrorCode.values()) {
            refusals.put(code, new AtomicLong());
        }
    }

    @AfterContainer
    static void printFigures() {
        store.close();
        var refused = new LinkedHashMap<String, Long>();
        refusals.forEach((code, n) -> {
            if (n.get() > 0) {
                refused.put(code.wireName(), n.get());
            }
        });
        Suite.summary(
                "RecordParserPropertyTest",
                String.format(
                        "%,d inputs tried: %,d arbitrary texts and %,d generated"
                                + " JSON messages (%,d valid and accepted, %,d breaking a rule and refused with the expected code and"
                                + " index); %,d records parsed, stored and read back equal; refusals by code: %s; no other exception",
                        anyTexts.get() + generatedMessages.get(),
                        anyTexts.get(),
                        generatedMessages.get(),
                        validMessages.get(),
                        invalidMessages.get(),
                        recordsStored.get(),
                        refused));
    }

    // ---- Properties

    // Tries: jqwik.tries.default, 250 in the default build, 1,000 in the short suite under -Pfull (CI), 10,000 in
    // the full one. Edge cases off: the generators below mix in their own, and jqwik's would otherwise take every try.
    @Property(edgeCases = EdgeCasesMode.NONE)
    void any_text_is_parsed_into_records_that_round_trip_or_refused_with_a_documented_code(
            @ForAll("anyText") String text) {
        anyTexts.incrementAndGet();
        verdict(text).ifPresent(records -> assertRoundTrip(text, records));
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void generated_json_is_accepted_exactly_when_it_keeps_the_rules_and_round_trips(
            @ForAll("messages") Message message) {
        String text = message.text();
        generatedMessages.incrementAndGet();
        Optional<List<RawBsonDocument>> records = verdict(text);
        Optional<Violation> expected = JsonModel.violation(message, MAX_BATCH);
        if (expected.isEmpty()) {
            assertTrue(records.isPresent(), () -> "refused a valid message: " + refusal(text) + "\n" + text);
            assertRoundTrip(text, records.get());
            validMessages.incrementAndGet();
        } else {
            assertTrue(
                    records.isEmpty(),
                    () -> "accepted a message that breaks a rule (" + expected.get() + "):\n" + text);
            Rejection rejection = refusal(text);
            assertEquals(expected.get(), new Violation(rejection.code().wireName(), rejection.index()), text);
            invalidMessages.incrementAndGet();
        }
    }

    // ---- The verdict and the round trip

    /**
     * The parser's verdict: the records, or empty when refused with a documented code. Any other exception fails the
     * property (jqwik then shrinks the input to a smallest failing one).
     */
    private static Optional<List<RawBsonDocument>> verdict(String text) {
        try {
            return Optional.of(PARSER.parse(text));
        } catch (RejectedException e) {
            Rejection rejection = e.rejection();
            assertTrue(rejection.message() != null && !rejection.message().isBlank(), "a refusal says why");
            refusals.get(rejection.code()).incrementAndGet();
            return Optional.empty();
        }
    }

    private static Rejection refusal(String text) {
        try {
            PARSER.parse(text);
            throw new AssertionError("accepted: " + text);
        } catch (RejectedException e) {
            return e.rejection();
        }
    }

    /**
     * Stores the records through the writer (the server's own insert), reads them back by {@code _id}, writes
     * them as JSON and compares each, as JSON values, with its record in the input. A record without {@code _id}
     * must have been given a new one; one whose {@code _id} came earlier in the batch is a duplicate, stored once.
     */
    private static void assertRoundTrip(String text, List<RawBsonDocument> records) {
        stored.deleteMany(Filters.empty());
        Object input = JsonValues.parse(text);
        List<?> sent = input instanceof List<?> batch ? batch : List.of(input);
        assertEquals(sent.size(), records.size(), "one record per object sent");
        assertEquals(null, writer.insert(records).failure(), "stored");

        var expected = new LinkedHashMap<BsonValue, Object>();
        for (int i = 0; i < records.size(); i++) {
            BsonValue id = records.get(i).get("_id");
            assertTrue(id instanceof BsonObjectId, "every record has an ObjectId _id");
            @SuppressWarnings("unchecked")
            var record = new HashMap<>((Map<String, Object>) sent.get(i));
            Object givenId = record.get("_id");
            String hex = ((BsonObjectId) id).getValue().toHexString();
            if (givenId != null) {
                Object idText = givenId instanceof Map<?, ?> oid ? oid.get("$oid") : givenId;
                assertEquals(
                        ((String) idText).toLowerCase(java.util.Locale.ROOT), hex, "the _id sent is the _id stored");
            }
            record.put("_id", hex);
            expected.putIfAbsent(id, record);
        }
        var actual = new HashMap<BsonValue, Object>();
        for (RawBsonDocument document : stored.find(Filters.in("_id", List.copyOf(expected.keySet())))) {
            actual.put(document.get("_id"), JsonValues.of(document));
        }
        assertEquals(expected, actual, text);
        recordsStored.addAndGet(actual.size());
    }

    // ---- Arbitrary text

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().ofMaxLength(80)),
                Tuple.of(
                        3,
                        Arbitraries.strings()
                                .withChars("{}[]\":,.-+eE0123456789tfnrul\\ $_aé\u0000")
                                .ofMaxLength(60)),
                Tuple.of(4, mutated()));
    }

    /** Generated messages with a few characters deleted, replaced or inserted: almost JSON. */
    private Arbitrary<String> mutated() {
        Arbitrary<Character> junk =
                Arbitraries.of('{', '}', '[', ']', '"', ',', ':', '\\', '$', '0', 'e', '-', ' ', '\u0000', '\uD800');
        return Combinators.combine(
                        messages().map(Message::text),
                        Arbitraries.integers().between(0, 1_000_000),
                        Arbitraries.integers().between(0, 2),
                        junk)
                .as((text, at, edit, c) -> {
                    int i = text.isEmpty() ? 0 : at % text.length();
                    return switch (edit) {
                        case 0 -> text.isEmpty() ? text : text.substring(0, i) + text.substring(i + 1);
                        case 1 -> text.isEmpty() ? text : text.substring(0, i) + c + text.substring(i + 1);
                        default -> text.substring(0, i) + c + text.substring(i);
                    };
                });
    }

    // ---- Generated JSON messages

    @Provide
    Arbitrary<Message> messages() {
        return Arbitraries.oneOf(
                record().map(record -> new Message(List.of(record), false)),
                record().list().ofMaxSize(MAX_BATCH + 1).map(records -> new Message(records, true)));
    }

    /** A record: fields with values of any kind, sometimes an {@code _id} (valid or not) at any position. */
    private Arbitrary<Obj> record() {
        Arbitrary<List<Field>> fields = field(value()).list().ofMaxSize(6);
        Arbitrary<Optional<Json>> id = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Optional.<Json>empty())), Tuple.of(6, id().map(Optional::of)));
        return Combinators.combine(
                        fields,
                        id,
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(0, 40))
                .as((list, maybeId, at, repeat) -> {
                    var all = new ArrayList<>(list);
                    maybeId.ifPresent(value -> all.add(Math.min(at, all.size()), new Field("_id", value)));
                    if (repeat == 0 && !all.isEmpty()) {
                        // Now and then a field name twice.
                        all.add(all.getFirst());
                    }
                    return new Obj(all);
                });
    }

    private Arbitrary<Json> id() {
        Arbitrary<String> hex = Arbitraries.oneOf(
                Arbitraries.of(IDS),
                Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(24));
        return Arbitraries.frequencyOf(
                Tuple.of(12, hex.map(Str::new)),
                Tuple.of(4, hex.map(h -> new Obj(List.of(new Field("$oid", new Str(h)))))),
                Tuple.of(
                        1,
                        Arbitraries.oneOf(
                                        Arbitraries.strings()
                                                .withChars("0123456789abcdefxyz")
                                                .ofMinLength(22)
                                                .ofMaxLength(26)
                                                .map(Str::new),
                                        Arbitraries.just(new Num("42", true)),
                                        Arbitraries.just(new Null()),
                                        hex.map(h -> new Obj(List.of(
                                                new Field("$oid", new Str(h)), new Field("x", new Num("1", true))))),
                                        Arbitraries.just(new Obj(List.of())),
                                        hex.map(h -> new Arr(List.of(new Str(h)))))
                                .map(Json.class::cast)));
    }

    private static Arbitrary<Field> field(Arbitrary<Json> values) {
        return Combinators.combine(name(), values).as(Field::new);
    }

    private static Arbitrary<String> name() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        40,
                        Arbitraries.strings()
                                .alpha()
                                .numeric()
                                .withChars('_')
                                .ofMinLength(1)
                                .ofMaxLength(8)),
                Tuple.of(3, text(6)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "$set",
                                "$oid",
                                "a$",
                                "a\u0000b",
                                "",
                                "a.b",
                                "_id",
                                "名前",
                                "\uD83D\uDE00",
                                "\uD800",
                                "x\uDC00")));
    }

    /** Text: mostly ASCII (control characters and NUL included), other BMP characters or one beyond the BMP; now and then anything, unpaired surrogates too. */
    private static Arbitrary<String> text(int maxLength) {
        return Arbitraries.frequencyOf(
                Tuple.of(24, Arbitraries.strings().ascii().ofMaxLength(maxLength)),
                Tuple.of(
                        10,
                        Arbitraries.strings().withCharRange('\u00a0', '\ud7ff').ofMaxLength(maxLength)),
                Tuple.of(3, Arbitraries.integers().between(0x10000, 0x10FFFF).map(Character::toString)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(maxLength)));
    }

    /** Values nested up to 4 levels as arrays and objects, or a chain of 28 to 36 levels around the limit of 32. */
    private Arbitrary<Json> value() {
        Arbitrary<Json> nested =
                Arbitraries.recursive(RecordParserPropertyTest::scalar, RecordParserPropertyTest::container, 0, 4);
        return Arbitraries.frequencyOf(Tuple.of(40, nested), Tuple.of(1, deepChain()));
    }

    private static Arbitrary<Json> container(Arbitrary<Json> inner) {
        return Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(Arr::new),
                field(inner).list().ofMaxSize(3).map(Obj::new));
    }

    /** {@code levels} nested arrays and objects, alternating, around a number. */
    private static Arbitrary<Json> deepChain() {
        return Arbitraries.integers().between(28, 36).map(levels -> {
            Json value = new Num("1", true);
            for (int i = 0; i < levels; i++) {
                value = i % 2 == 0 ? new Arr(List.of(value)) : new Obj(List.of(new Field("d", value)));
            }
            return value;
        });
    }

    private static Arbitrary<Json> scalar() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new Null())),
                Tuple.of(1, Arbitraries.of(true, false).map(Bool::new)),
                Tuple.of(16, text(20).map(Str::new)),
                Tuple.of(
                        1,
                        Arbitraries.of(
                                        "",
                                        "é€😀",
                                        "a\u0000b",
                                        "\uD800",
                                        "line\nbreak",
                                        "\"quoted\" \\slash\\",
                                        "<script>")
                                .map(Str::new)),
                Tuple.of(6, integer()),
                Tuple.of(6, decimal()));
    }

    /** Integers from small to 40 digits: int32, int64, up to 34 digits exact, beyond refused. */
    private static Arbitrary<Json> integer() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().map(i -> new Num(Integer.toString(i), true))),
                Tuple.of(8, Arbitraries.longs().map(l -> new Num(Long.toString(l), true))),
                Tuple.of(8, Arbitraries.integers().between(19, 34).flatMap(RecordParserPropertyTest::digits)),
                Tuple.of(1, Arbitraries.integers().between(35, 40).flatMap(RecordParserPropertyTest::digits)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                        "-0",
                                        "9223372036854775808",
                                        "-9223372036854775809",
                                        "9".repeat(34),
                                        "-" + "9".repeat(34),
                                        "1" + "0".repeat(34))
                                .map(text -> new Num(text, true))));
    }

    /** Integers of exactly this many digits, either sign. */
    private static Arbitrary<Json> digits(int count) {
        return Arbitraries.bigIntegers()
                .between(
                        BigInteger.TEN.pow(count - 1), BigInteger.TEN.pow(count).subtract(BigInteger.ONE))
                .flatMap(b -> Arbitraries.of(b, b.negate()))
                .map(b -> new Num(b.toString(), true));
    }

    /** Numbers with a fraction or exponent, in both notations, and a few beyond what a double holds. */
    private static Arbitrary<Json> decimal() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.doubles().map(d -> new Num(Double.toString(d), false))),
                // Any finite double, from its bits: subnormals, extremes and full 17-digit mantissas.
                Tuple.of(
                        4,
                        Arbitraries.longs()
                                .map(Double::longBitsToDouble)
                                .filter(Double::isFinite)
                                .map(d -> new Num(Double.toString(d), false))),
                Tuple.of(
                        4,
                        Arbitraries.doubles()
                                .map(d -> new Num(
                                        new BigDecimal(d).toPlainString().contains(".")
                                                ? new BigDecimal(d).toPlainString()
                                                : d + "",
                                        false))),
                Tuple.of(
                        1,
                        Arbitraries.of(
                                        "0.0",
                                        "-0.0",
                                        "1e2",
                                        "1E-2",
                                        "2.5e+3",
                                        "1e308",
                                        "1e309",
                                        "-1e400",
                                        "4.9e-324",
                                        "1e-400",
                                        "0.1000000000000000055511151231257827")
                                .map(text -> new Num(text, false))));
    }
}
