package org.inventory.embedded;

import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;

/**
 * The part of the {@code _id} order that holds every record a query can match, read from the query's conditions
 * on {@code _id}: {@code $eq}, {@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}, {@code $in} and {@code $type}
 * (the brackets of the order it names), combined through {@code $and} and {@code $or}. Anything else bounds
 * nothing, so the range is never narrower than the query: it only spares the records it leaves out, and each
 * record in it is still matched against the whole query.
 *
 * @param lower where the range starts; null when it is open
 * @param upper where it ends; null when it is open
 */
record IdRange(Bound lower, Bound upper) {
    static final IdRange ALL = new IdRange(null, null);

    /**
     * One end: a value, inclusive or not, or (value null) the edge of a bracket of the order, its start for a
     * lower end and its end for an upper one.
     */
    record Bound(SortBracket bracket, Object value, boolean inclusive) {}

    /** The range of the records a query can match, by the conditions on {@code idField}. */
    static IdRange of(Document query, String idField) {
        IdRange range = ALL;
        for (var condition : query.entrySet()) {
            String key = condition.getKey();
            Object value = condition.getValue();
            if (key.equals("$and")) {
                range = range.and(all(value, idField));
            } else if (key.equals("$or")) {
                range = range.and(any(value, idField));
            } else if (key.equals(idField)) {
                range = range.and(field(value));
            }
        }
        return range;
    }

    private static IdRange all(Object conditions, String idField) {
        IdRange range = ALL;
        if (conditions instanceof List<?> list) {
            for (Object condition : list) {
                if (condition instanceof Document document) {
                    range = range.and(of(document, idField));
                }
            }
        }
        return range;
    }

    private static IdRange any(Object conditions, String idField) {
        if (!(conditions instanceof List<?> list) || list.isEmpty()) {
            return ALL;
        }
        IdRange range = null;
        for (Object condition : list) {
            if (!(condition instanceof Document document)) {
                return ALL;
            }
            IdRange branch = of(document, idField);
            range = range == null ? branch : range.or(branch);
        }
        return range;
    }

    /** The range a condition on the field itself allows: a value it equals, or operators. */
    private static IdRange field(Object condition) {
        if (condition instanceof Document operators
                && !operators.isEmpty()
                && operators.keySet().iterator().next().startsWith("$")) {
            IdRange range = ALL;
            for (var operator : operators.entrySet()) {
                Object value = operator.getValue();
                range = range.and(
                        switch (operator.getKey()) {
                            case "$eq" -> equal(value);
                            case "$gt" -> from(value, false);
                            case "$gte" -> from(value, true);
                            case "$lt" -> upTo(value, false);
                            case "$lte" -> upTo(value, true);
                            case "$in" -> in(value);
                            case "$type" -> types(value);
                            default -> ALL;
                        });
            }
            return range;
        }
        return equal(condition);
    }

    private static IdRange equal(Object value) {
        return SortBracket.ofBoundValue(value)
                .map(bracket -> new IdRange(new Bound(bracket, value, true), new Bound(bracket, value, true)))
                .orElse(ALL);
    }

    private static IdRange from(Object value, boolean inclusive) {
        return SortBracket.ofBoundValue(value)
                .map(bracket -> new IdRange(new Bound(bracket, value, inclusive), null))
                .orElse(ALL);
    }

    private static IdRange upTo(Object value, boolean inclusive) {
        return SortBracket.ofBoundValue(value)
                .map(bracket -> new IdRange(null, new Bound(bracket, value, inclusive)))
                .orElse(ALL);
    }

    private static IdRange in(Object values) {
        if (!(values instanceof Collection<?> list) || list.isEmpty()) {
            return ALL;
        }
        IdRange range = null;
        for (Object value : list) {
            IdRange one = equal(value);
            if (one.equals(ALL)) {
                return ALL;
            }
            range = range == null ? one : range.or(one);
        }
        return range;
    }

    private static IdRange types(Object types) {
        if (types == null) {
            return ALL;
        }
        List<?> list = types instanceof List<?> several ? several : List.of(types);
        IdRange range = null;
        for (Object type : list) {
            Optional<SortBracket> bracket = SortBracket.ofType(type);
            if (bracket.isEmpty()) {
                return ALL;
            }
            IdRange one = new IdRange(new Bound(bracket.get(), null, true), new Bound(bracket.get(), null, true));
            range = range == null ? one : range.or(one);
        }
        return range == null ? ALL : range;
    }

    /** Both ranges at once: the later start, the earlier end. */
    IdRange and(IdRange other) {
        return new IdRange(later(lower, other.lower, true), earlier(upper, other.upper, false));
    }

    /** Either range: the earlier start and the later end (an open end stays open). */
    IdRange or(IdRange other) {
        Bound start = lower == null || other.lower == null ? null : earlier(lower, other.lower, true);
        Bound end = upper == null || other.upper == null ? null : later(upper, other.upper, false);
        return new IdRange(start, end);
    }

    private static Bound later(Bound a, Bound b, boolean lowerEnds) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return compare(a, b, lowerEnds) >= 0 ? a : b;
    }

    private static Bound earlier(Bound a, Bound b, boolean lowerEnds) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return compare(a, b, lowerEnds) <= 0 ? a : b;
    }

    /**
     * Which of two ends of the same kind lies further along the order. A bracket's edge is its start for lower ends
     * and its end for upper ones; at the same value, an exclusive lower end starts later and an exclusive upper end
     * stops earlier.
     */
    private static int compare(Bound a, Bound b, boolean lowerEnds) {
        int brackets = a.bracket().compareTo(b.bracket());
        if (brackets != 0) {
            return brackets;
        }
        if (a.value() == null || b.value() == null) {
            int edge = lowerEnds ? -1 : 1;
            return (a.value() == null ? edge : 0) - (b.value() == null ? edge : 0);
        }
        int values = ValueComparator.asc().compare(a.value(), b.value());
        if (values != 0) {
            return values;
        }
        return lowerEnds
                ? Boolean.compare(!a.inclusive(), !b.inclusive())
                : Boolean.compare(a.inclusive(), b.inclusive());
    }

    /** Whether the range holds no object id: it ends before their bracket of the order, or starts after it. */
    boolean excludesObjectIds() {
        return (lower != null && lower.bracket().compareTo(SortBracket.OBJECT_ID) > 0)
                || (upper != null && upper.bracket().compareTo(SortBracket.OBJECT_ID) < 0);
    }

    /** The object id the range starts at, if it starts at one (else before every object id). */
    Optional<ObjectId> objectIdStart() {
        return lower != null && lower.value() instanceof ObjectId id ? Optional.of(id) : Optional.empty();
    }

    /** The object id the range ends at, if it ends at one (else after every object id). */
    Optional<ObjectId> objectIdEnd() {
        return upper != null && upper.value() instanceof ObjectId id ? Optional.of(id) : Optional.empty();
    }

    /** The keys of the index within this range (or a few more, where a bracket's edge is not known exactly). */
    NavigableSet<IdKey> within(NavigableSet<IdKey> index) {
        Optional<IdKey> start = start();
        Optional<IdKey> end = end();
        if (start.isPresent() && end.isPresent()) {
            if (IdKey.ORDER.compare(start.get(), end.get()) > 0) {
                return Collections.emptyNavigableSet();
            }
            return index.subSet(start.get(), true, end.get(), true);
        }
        if (start.isPresent()) {
            return index.tailSet(start.get(), true);
        }
        return end.isPresent() ? index.headSet(end.get(), true) : index;
    }

    private Optional<IdKey> start() {
        if (lower == null) {
            return Optional.empty();
        }
        if (lower.value() == null) {
            return lower.bracket().floor().map(IdKey::before);
        }
        return Optional.of(lower.inclusive() ? IdKey.before(lower.value()) : IdKey.after(lower.value()));
    }

    private Optional<IdKey> end() {
        if (upper == null) {
            return Optional.empty();
        }
        if (upper.value() == null) {
            return upper.bracket().ceiling().map(IdKey::before);
        }
        return Optional.of(upper.inclusive() ? IdKey.after(upper.value()) : IdKey.before(upper.value()));
    }
}
