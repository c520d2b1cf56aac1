package org.inventory.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.Optional;

/** Whether a find's sort is by {@code _id} alone, which an index of the ids in order serves without sorting. */
final class IdOrder {
    private IdOrder() {}

    /** The sort's direction when it is by the id alone: ascending for a positive number, as the store reads it. */
    static Optional<Boolean> of(Document orderBy, String idField) {
        if (orderBy != null && orderBy.size() == 1 && orderBy.get(idField) instanceof Number direction) {
            return Optional.of(direction.intValue() > 0);
        }
        return Optional.empty();
    }
}
