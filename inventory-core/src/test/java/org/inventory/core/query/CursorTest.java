package org.inventory.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class CursorTest {
    private static final String SCOPE = "test.inventory";
    private static final FilterSpec FILTER = FilterSpec.parse("{\"qty\":{\"$gt\":0}}");
    private static final SortSpec SORT = SortSpec.parse("-price.amount,sku");
    private static final Cursor CURSOR = new Cursor(List.of(
            new BsonInt32(5), new BsonString("A-1"), new BsonObjectId(new ObjectId("5f1d7f1e2b3c4d5e6f708191"))));

    private static void refused(String token, FilterSpec filter, SortSpec sort) {
        var e = assertThrows(QueryException.class, () -> Cursor.decode(token, SCOPE, filter, sort));
        assertEquals("after", e.parameter());
    }

    @Test
    void a_token_is_url_safe_and_reads_back() {
        String token = CURSOR.encode(SCOPE, FILTER, SORT);
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
        assertEquals(CURSOR, Cursor.decode(token, SCOPE, FILTER, SORT));
        assertEquals(
                CURSOR,
                Cursor.decode(
                        token,
                        SCOPE,
                        FilterSpec.parse("{ \"qty\" : { \"$gt\" : 0 } }"),
                        SortSpec.parse("-price.amount,sku,_id")));
    }

    @Test
    void a_token_of_another_filter_or_sort_is_refused() {
        String token = CURSOR.encode(SCOPE, FILTER, SORT);
        refused(token, FilterSpec.parse("{\"qty\":{\"$gt\":1}}"), SORT);
        refused(token, FilterSpec.parse("{\"qty\":{\"$gt\":0.0}}"), SORT);
        refused(token, FilterSpec.all(), SORT);
        refused(token, FILTER, SortSpec.parse("price.amount,sku"));
        refused(token, FILTER, SortSpec.parse("-price.amount,-sku"));
        refused(token, FILTER, SortSpec.parse("-price.amount,sku,-_id"));
    }

    @Test
    void a_token_of_another_collection_is_refused() {
        String token = CURSOR.encode(SCOPE, FILTER, SORT);
        var e = assertThrows(QueryException.class, () -> Cursor.decode(token, "test.other", FILTER, SORT));
        assertEquals("after", e.parameter());
        assertThrows(QueryException.class, () -> Cursor.decode(token, "other.inventory", FILTER, SORT));
    }

    @Test
    void in_the_default_order_a_bare_id_is_a_cursor() {
        var id = new ObjectId("5f1d7f1e2b3c4d5e6f708191");
        var cursor = new Cursor(List.of(new BsonObjectId(id)));
        // Unfiltered, the token is the _id itself, as /display has always written it.
        assertEquals(id.toHexString(), cursor.encode(SCOPE, FilterSpec.all(), SortSpec.byId()));
        // Read back in the default order with any filter, and refused for any other order.
        assertEquals(cursor, Cursor.decode(id.toHexString(), SCOPE, FILTER, SortSpec.byId()));
        refused(id.toHexString(), FilterSpec.all(), SORT);
        // Filtered, the token is bound to its filter like every other.
        String filtered = cursor.encode(SCOPE, FILTER, SortSpec.byId());
        assertEquals(cursor, Cursor.decode(filtered, SCOPE, FILTER, SortSpec.byId()));
        refused(filtered, FilterSpec.all(), SortSpec.byId());
    }

    @Test
    void an_edited_or_truncated_token_is_refused() {
        String token = CURSOR.encode(SCOPE, FILTER, SORT);
        for (int cut = 0; cut < token.length(); cut++) {
            refused(token.substring(0, cut), FILTER, SORT);
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            String edited = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            // The last character may carry only padding bits, so changing it may leave the bytes the same.
            if (!java.util.Arrays.equals(
                    Base64.getUrlDecoder().decode(edited),
                    Base64.getUrlDecoder().decode(token))) {
                refused(edited, FILTER, SORT);
            }
        }
        refused(token + "AAAA", FILTER, SORT);
        refused("not a token!", FILTER, SORT);
        refused("x".repeat(Cursor.MAX_TOKEN + 1), FILTER, SORT);
        refused(Base64.getUrlEncoder().encodeToString(new byte[] {5, 0, 0, 0, 0}), FILTER, SORT);
    }

    @Test
    void the_keyset_reaches_later_type_brackets_and_missing_fields() {
        var cursor = Cursor.after(BsonDocument.parse("{\"_id\":7,\"sku\":\"A\"}"), SortSpec.parse("a,-sku"));
        assertEquals(List.<BsonValue>of(BsonNull.VALUE, new BsonString("A"), new BsonInt32(7)), cursor.values());
        BsonDocument condition = cursor.condition(SortSpec.parse("a,-sku"));
        String json = condition.toJson();
        // After null ascending: every later type, never {$gt: null}, which matches nothing.
        assertTrue(json.contains("\"a\": {\"$type\": ["), json);
        assertTrue(!json.contains("\"$gt\": null"), json);
        // Before "A" descending: smaller strings, then numbers, then null or missing.
        assertTrue(json.contains("\"sku\": {\"$lt\": \"A\"}"), json);
        assertTrue(json.contains("\"sku\": {\"$eq\": null}"), json);
    }

    @Test
    void an_array_sort_key_cannot_make_a_cursor() {
        var e = assertThrows(
                QueryException.class,
                () -> Cursor.after(BsonDocument.parse("{\"_id\":1,\"tags\":[1,2]}"), SortSpec.parse("tags")));
        assertEquals("sort", e.parameter());
        assertThrows(
                QueryException.class,
                () -> Cursor.after(
                        BsonDocument.parse("{\"_id\":1,\"lines\":[{\"qty\":1}]}"), SortSpec.parse("lines.qty")));
        assertEquals(
                List.<BsonValue>of(BsonNull.VALUE, new BsonInt32(1)),
                Cursor.after(BsonDocument.parse("{\"_id\":1,\"a\":5}"), SortSpec.parse("a.b"))
                        .values());
    }
}
