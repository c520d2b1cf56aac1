package org.inventory.embedded;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The values a record is sorted by, taken from it as the store's {@code DocumentComparator} takes them, so that a
 * sort can keep these (and the record's bytes) instead of every decoded record.
 */
record SortValues(List<Object> values) {

    static SortValues of(Document document, Document orderBy) {
        return new SortValues(orderBy.keySet().stream()
                .map(key -> Utils.getSubdocumentValueCollectionAware(document, key))
                .toList());
    }

    /** The store's sort order for a sort document: each key in turn, ascending for a positive number. */
    static Comparator<SortValues> order(Document orderBy) {
        List<Object> directions = new ArrayList<>(orderBy.values());
        return (a, b) -> {
            for (int i = 0; i < directions.size(); i++) {
                Comparator<Object> order =
                        ((Number) directions.get(i)).intValue() > 0 ? ValueComparator.asc() : ValueComparator.desc();
                int comparison = order.compare(a.values.get(i), b.values.get(i));
                if (comparison != 0) {
                    return comparison;
                }
            }
            return 0;
        };
    }
}
