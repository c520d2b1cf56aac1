package org.inventory.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IndexSpecTest {

    @Test
    void reads_single_descending_and_compound_indexes() {
        List<IndexSpec> indexes = IndexSpec.parseList("sku, category+-quantity ,-updated_at");
        assertEquals(
                List.of("sku", "category+-quantity", "-updated_at"),
                indexes.stream().map(IndexSpec::toString).toList());
        assertEquals(
                BsonDocument.parse("{\"category\":1,\"quantity\":-1}"),
                indexes.get(1).toBson());
        assertEquals(
                BsonDocument.parse("{\"price.amount\":1}"),
                IndexSpec.parseList("price.amount").getFirst().toBson());
    }

    @Test
    void blank_means_none() {
        assertEquals(List.of(), IndexSpec.parseList(""));
        assertEquals(List.of(), IndexSpec.parseList(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {",", "sku,", "a++b", "-", "$where", "a.$b", "a..b", ".a", "a.", "a+a", "a+-a"})
    void refuses_malformed_specs(String spec) {
        assertThrows(IllegalArgumentException.class, () -> IndexSpec.parseList(spec));
    }
}
