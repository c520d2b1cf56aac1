package org.inventory.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** The change stream's {@code $match}: the filter's paths under {@code fullDocument}, through the logical operators. */
class InsertWatchTest {
    @Test
    void field_paths_move_under_full_document_and_operator_values_stay_as_they_are() {
        var filter = BsonDocument.parse("{\"category\":\"tools\",\"price.amount\":{\"$gte\":10},"
                + "\"$or\":[{\"lots\":{\"$elemMatch\":{\"n\":1}}},{\"$and\":[{\"a\":1}]}]}");
        assertEquals(
                BsonDocument.parse(
                        "{\"fullDocument.category\":\"tools\",\"fullDocument.price.amount\":{\"$gte\":10},"
                                + "\"$or\":[{\"fullDocument.lots\":{\"$elemMatch\":{\"n\":1}}},{\"$and\":[{\"fullDocument.a\":1}]}]}"),
                InsertWatch.underFullDocument(filter));
    }
}
