package org.inventory.server.browse;

import io.helidon.common.uri.UriQuery;
import java.util.List;
import java.util.Optional;
import org.inventory.core.query.FilterSpec;
import org.inventory.server.http.FindParameters;
import org.inventory.server.http.InvalidParameterException;
import org.inventory.server.http.QueryParameters;

/**
 * The validated query of one {@code /display} request: which records ({@code filter}, {@code sort}, {@code fields}),
 * a page of them by number or after a cursor token, its size, and whether HTML was asked for by {@code format}.
 *
 * @param page    1-based page number (1 in cursor mode)
 * @param perPage records per page
 * @param after   the cursor token: records after the one it names
 * @param format  {@code json} or {@code html} when given as a parameter
 * @param find    the filter, sort and fields
 */
record PageQuery(int page, int perPage, Optional<String> after, Optional<String> format, FindParameters find) {

    static PageQuery from(UriQuery query, FilterSpec restriction, int defaultPerPage, int maxPerPage) {
        Optional<String> pageText = QueryParameters.single(query, "page");
        Optional<String> after = QueryParameters.single(query, "after");
        if (pageText.isPresent() && after.isPresent()) {
            throw new InvalidParameterException("after", "use either page or after, not both");
        }
        int page = pageText.map(text -> QueryParameters.integer("page", text, 1, Integer.MAX_VALUE))
                .orElse(1);
        int perPage = QueryParameters.single(query, "per_page")
                .map(text -> QueryParameters.integer("per_page", text, 1, maxPerPage))
                .orElse(defaultPerPage);
        Optional<String> format = QueryParameters.choice(query, "format", List.of("json", "html"));
        return new PageQuery(page, perPage, after, format, FindParameters.from(query, restriction));
    }

    boolean cursor() {
        return after.isPresent();
    }
}
