package org.inventory.core.query;

/**
 * One key of a sort: a field path and its direction.
 *
 * @param path       a dotted field path, e.g. {@code price.amount}
 * @param descending whether larger values come first
 */
public record SortKey(String path, boolean descending) {
    /** As the client writes it: {@code -price.amount} or {@code sku}. */
    @Override
    public String toString() {
        return (descending ? "-" : "") + path;
    }
}
