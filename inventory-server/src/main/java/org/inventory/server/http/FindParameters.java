package org.inventory.server.http;

import io.helidon.common.uri.UriQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.inventory.core.query.FieldsSpec;
import org.inventory.core.query.FilterSpec;
import org.inventory.core.query.SortSpec;

/**
 * What {@code filter}, {@code sort} and {@code fields} ask for, the same on {@code /display}, {@code /export} and
 * {@code /live}: parsed and checked once, and written back into the links of a page as the client wrote them.
 *
 * @param filter     the records to select
 * @param sort       their order, {@code _id} last
 * @param fields     the fields to return
 * @param filterText the filter as given, for links and the filter box; absent when none was given
 */
public record FindParameters(FilterSpec filter, SortSpec sort, FieldsSpec fields, Optional<String> filterText) {
    public static final FindParameters NONE =
            new FindParameters(FilterSpec.all(), SortSpec.byId(), FieldsSpec.all(), Optional.empty());

    /**
     * Reads the three parameters; each may be absent.
     *
     * @throws org.inventory.core.query.QueryException naming the parameter that is malformed or not allowed
     * @throws InvalidParameterException               for one given twice (only {@code fields} may repeat)
     */
    public static FindParameters from(UriQuery query) {
        return from(query, FilterSpec.all());
    }

    /**
     * Reads the three parameters, the filter narrowed to what the caller may read ({@code restriction}, the
     * credential's {@code read_filter}); the links keep the client's own filter text.
     */
    public static FindParameters from(UriQuery query, FilterSpec restriction) {
        // Blank is no filter, as a form's empty box sends it.
        Optional<String> filterText =
                QueryParameters.single(query, "filter").map(String::strip).filter(text -> !text.isEmpty());
        FilterSpec own = filterText.map(FilterSpec::parse).orElse(FilterSpec.all());
        SortSpec sort =
                QueryParameters.single(query, "sort").map(SortSpec::parse).orElse(SortSpec.byId());
        FieldsSpec fields =
                QueryParameters.joined(query, "fields").map(FieldsSpec::parse).orElse(FieldsSpec.all());
        return new FindParameters(restriction.and(own), sort, fields, filterText.filter(text -> !own.selectsAll()));
    }

    /** The same query in another order. */
    public FindParameters sortedBy(SortSpec order) {
        return new FindParameters(filter, order, fields, filterText);
    }

    /** The sort as a client writes it, without the {@code _id} every sort ends with when it is ascending. */
    public String sortText() {
        String text = sort.toString();
        return text.equals("_id") ? "" : text.endsWith(",_id") ? text.substring(0, text.length() - 4) : text;
    }

    /** The non-default parameters as a query string, {@code filter=…&sort=…&fields=…}; empty for none. */
    public String toQueryString() {
        var parts = new ArrayList<String>();
        filterText.ifPresent(text -> parts.add("filter=" + encode(text)));
        if (!sort.equals(SortSpec.byId())) {
            parts.add("sort=" + encode(sortText()));
        }
        if (!fields.whole()) {
            parts.add("fields=" + encode(fieldsText()));
        }
        return String.join("&", parts);
    }

    /** The fields as a client writes them, without the {@code _id} that always comes; empty for whole records. */
    public String fieldsText() {
        if (fields.whole()) {
            return "";
        }
        List<String> named =
                fields.paths().stream().filter(path -> !path.equals("_id")).toList();
        return named.isEmpty() ? "_id" : String.join(",", named);
    }

    /** Percent-encoding for a query value, spaces as {@code %20} so the links read the same in every client. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
