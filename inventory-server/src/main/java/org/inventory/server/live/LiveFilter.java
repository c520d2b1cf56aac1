package org.inventory.server.live;

import java.util.Optional;
import org.inventory.core.query.FilterMatcher;
import org.inventory.core.query.FilterSpec;

/**
 * A {@code /live} filter, read once: the checked filter, and its matcher when it selects anything less than every
 * record. The matcher is made for every source, so that the in-process feed and the change streams refuse the same
 * filters up front (the values MongoDB would refuse); the in-process source then matches with it.
 *
 * @param spec    the filter as {@code /display} reads it
 * @param matcher the filter evaluated in Java; empty for the filter that matches every record
 */
record LiveFilter(FilterSpec spec, Optional<FilterMatcher> matcher) {
    static final LiveFilter ALL = new LiveFilter(FilterSpec.all(), Optional.empty());

    /**
     * Reads a filter; blank is none, as the page's form sends it.
     *
     * @throws org.inventory.core.query.QueryException naming {@code filter} when it cannot be run
     */
    static LiveFilter parse(String text) {
        return parse(text, FilterSpec.all());
    }

    /** Reads a filter, narrowed to what the caller may read ({@code restriction}, a credential's read_filter). */
    static LiveFilter parse(String text, FilterSpec restriction) {
        FilterSpec spec = restriction.and(text.isBlank() ? FilterSpec.all() : FilterSpec.parse(text));
        return spec.selectsAll() ? ALL : new LiveFilter(spec, Optional.of(spec.matcher()));
    }
}
