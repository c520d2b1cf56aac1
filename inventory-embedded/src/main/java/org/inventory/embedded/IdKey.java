package org.inventory.embedded;

import de.bwaldvogel.mongo.backend.ValueComparator;
import java.util.Comparator;

/**
 * A record's place in the {@code _id} order: its {@code _id} and its position in the collection. The order is the
 * store's own sort order for values (so a walk of the index yields what a sort by {@code _id} would), then the
 * position, which keeps apart two ids the sort holds equal and breaks such ties as the store's stable sort does.
 */
record IdKey(Object id, int position) {
    static final Comparator<IdKey> ORDER = Comparator.<IdKey, Object>comparing(IdKey::id, ValueComparator.asc())
            .thenComparingInt(IdKey::position);

    /** A key before every record whose id equals {@code id}. */
    static IdKey before(Object id) {
        return new IdKey(id, Integer.MIN_VALUE);
    }

    /** A key after every record whose id equals {@code id}. */
    static IdKey after(Object id) {
        return new IdKey(id, Integer.MAX_VALUE);
    }
}
