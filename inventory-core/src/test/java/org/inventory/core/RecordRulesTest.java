package org.inventory.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The record rules on their own, without JSON: names and values are given as the reader would hand them over. */
class RecordRulesTest {
    private static final String HEX = "5f1d7f1e2b3c4d5e6f708192";
    private final BsonWriter out = new BsonWriter(64);
    private final RecordRules rules = new RecordRules(out);

    RecordRulesTest() {
        rules.index(3);
        rules.startRecord();
    }

    /** Writes a field name as the reader does, into the BSON; returns its place. */
    private int name(String name) {
        int at = out.size();
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        out.bytes(utf8, 0, utf8.length);
        return at;
    }

    private int length(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Checks a member's name as the parser does, on the path while it is checked. (The parser gives up a
     * message at its first rejection; here the name leaves the path either way, for the next check.)
     */
    private void member(String name, int flags) throws RejectedException {
        int at = name(name);
        rules.push(at, length(name));
        try {
            rules.checkName(flags, at, length(name));
        } finally {
            rules.pop();
        }
    }

    private static Rejection refused(Executable rule) {
        return assertThrows(RejectedException.class, rule).rejection();
    }

    @Test
    void a_name_starting_with_a_dollar_or_holding_a_nul_or_a_lone_surrogate_is_refused_with_its_path() {
        assertEquals(
                new Rejection(ErrorCode.INVALID_RECORD, "field names must not start with '$'", 3, "$set"),
                refused(() -> member("$set", 0)));
        assertEquals(
                new Rejection(ErrorCode.INVALID_RECORD, "field names must not contain NUL", 3, "a\u0000b"),
                refused(() -> member("a\u0000b", JsonTokenizer.HAS_NUL)));
        assertEquals(
                ErrorCode.INVALID_RECORD,
                refused(() -> member("?", JsonTokenizer.LONE_SURROGATE)).code());
    }

    @Test
    void a_dollar_inside_a_name_and_an_empty_name_are_fine() {
        assertDoesNotThrow(() -> member("price$", 0));
        assertDoesNotThrow(() -> member("", 0));
    }

    @Test
    void a_name_appears_once_per_object_but_again_in_another_object() throws Exception {
        member("a", 0);
        rules.enterObject();
        member("a", 0);
        rules.leave();
        rules.enterObject(); // a sibling object at the same depth starts with no names
        member("a", 0);
        member("b", 0);
        rules.leave();
        assertEquals(
                new Rejection(ErrorCode.INVALID_RECORD, "duplicate field name", 3, "a"), refused(() -> member("a", 0)));
    }

    @Test
    void a_repeated_name_is_found_in_a_large_object_too() throws Exception {
        for (int i = 0; i < 100; i++) {
            member("f" + i, 0);
        }
        assertEquals("duplicate field name", refused(() -> member("f42", 0)).message());
    }

    @Test
    void nesting_is_at_most_thirty_two_levels_with_the_record_as_the_first() throws Exception {
        for (boolean object : new boolean[] {true, false}) {
            var rules = new RecordRules(out);
            rules.startRecord();
            for (int depth = 2; depth <= RecordRules.MAX_DEPTH; depth++) {
                if (depth % 2 == 0) {
                    rules.enterObject();
                } else {
                    rules.enterArray();
                }
            }
            Executable deeper = object ? rules::enterObject : rules::enterArray;
            assertEquals("nesting is deeper than 32 levels", refused(deeper).message());
        }
    }

    @Test
    void only_the_records_own_id_is_its_id_and_only_once() throws Exception {
        int id = name("_id");
        assertFalse(rules.isRecordId(JsonTokenizer.HAS_NUL, id, 3));
        int longer = name("_idx");
        assertFalse(rules.isRecordId(0, longer, 4));
        assertTrue(rules.isRecordId(0, id, 3));
        rules.enterObject();
        assertFalse(rules.isRecordId(0, id, 3), "an _id below the record is an ordinary field");
        rules.leave();
        rules.push(id, 3);
        assertEquals(
                new Rejection(ErrorCode.INVALID_RECORD, "duplicate field name", 3, "_id"),
                refused(() -> rules.isRecordId(0, id, 3)));
        rules.pop();
        rules.startRecord();
        assertTrue(rules.isRecordId(0, id, 3), "the next record may have its own");
    }

    @Test
    void an_id_is_24_hex_digits_in_either_case() {
        assertEquals(new ObjectId(HEX), rules.objectId(HEX));
        assertEquals(new ObjectId(HEX), rules.objectId(HEX.toUpperCase(Locale.ROOT)));
        for (String wrong : new String[] {null, "", HEX.substring(1), HEX + "0", HEX.replace('f', 'g')}) {
            assertNull(rules.objectId(wrong), wrong);
        }
        assertEquals(ErrorCode.INVALID_RECORD, rules.wrongId().rejection().code());
    }

    @Test
    void integers_beyond_int64_are_exact_decimals_up_to_34_digits() throws Exception {
        String most = "9".repeat(RecordRules.MAX_EXACT_DIGITS);
        assertEquals(new Decimal128(new BigDecimal(most)), rules.bigInteger(most));
        assertEquals(new Decimal128(new BigDecimal("-" + most)), rules.bigInteger("-" + most), "the sign is no digit");
        assertEquals(
                "integer has more than 34 digits and cannot be stored exactly",
                refused(() -> rules.bigInteger(most + "9")).message());
    }

    @Test
    void a_double_must_be_finite_and_a_number_short_enough() throws Exception {
        assertEquals(Double.MAX_VALUE, rules.finite(Double.MAX_VALUE));
        assertEquals(
                "number is out of the range of a double",
                refused(() -> rules.finite(Double.NEGATIVE_INFINITY)).message());
        assertEquals(
                "number is longer than 1100 characters", rules.tooLongNumber().getMessage());
    }

    @Test
    void text_with_a_lone_surrogate_is_refused() {
        assertDoesNotThrow(() -> rules.checkText(0));
        assertDoesNotThrow(() -> rules.checkText(JsonTokenizer.HAS_NUL), "a NUL is fine in a value");
        assertEquals(
                "text contains an unpaired UTF-16 surrogate",
                refused(() -> rules.checkText(JsonTokenizer.LONE_SURROGATE)).message());
    }

    @Test
    void a_rejection_names_the_record_and_the_path_of_names_and_indexes() {
        int list = name("list");
        rules.push(list, 4);
        rules.pushIndex(0);
        int name = name("Größe");
        rules.push(name, length("Größe"));
        assertEquals(
                new Rejection(ErrorCode.INVALID_RECORD, "why", 3, "list[0].Größe"),
                rules.reject("why").rejection());
        rules.pop();
        rules.pop();
        rules.pop();
        assertEquals("", rules.path());
    }
}
