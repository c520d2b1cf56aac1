package org.inventory.server.insight;

import io.helidon.common.uri.UriQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inventory.core.query.FilterSpec;
import org.inventory.server.http.FindParameters;
import org.inventory.server.http.InvalidParameterException;
import org.inventory.server.http.QueryParameters;

/**
 * What a summary asks for, read and checked: the group paths (or arrival buckets), the aggregates, the top
 * {@code limit} by {@code sort}, and the records ({@code filter} narrowed to what the caller may read).
 *
 * @param group      one or two field paths; empty for arrival buckets
 * @param arrival    arrival buckets, instead of group paths
 * @param aggregates each asked aggregate ({@code sum}, {@code avg}, {@code min}, {@code max}) with its path, in that order
 * @param limit      how many groups are listed before the rest is summed into the "other" row
 * @param sort       the order of the groups
 * @param filter     the records to summarise
 */
record SummaryRequest(
        List<String> group,
        Optional<Arrival> arrival,
        Map<String, String> aggregates,
        int limit,
        Sort sort,
        FilterSpec filter) {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;
    static final List<String> AGGREGATES = List.of("sum", "avg", "min", "max");

    /** An order of the groups: by {@code count}, by the group {@code key}, or by an aggregate's column. */
    record Sort(String column, boolean descending) {
        static final Sort BY_COUNT = new Sort("count", true);

        @Override
        public String toString() {
            return (descending ? "-" : "") + column;
        }
    }

    SummaryRequest {
        group = List.copyOf(group);
        aggregates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aggregates));
    }

    /** The request of a page that needs no parameters: one path, count and the sum of {@code sumPath}, top {@code limit}. */
    static SummaryRequest of(String path, Optional<String> sumPath, int limit, FilterSpec filter) {
        var aggregates = new LinkedHashMap<String, String>();
        sumPath.ifPresent(p -> aggregates.put("sum", p));
        return new SummaryRequest(List.of(path), Optional.empty(), aggregates, limit, Sort.BY_COUNT, filter);
    }

    static SummaryRequest from(UriQuery query, FilterSpec restriction, Instant now) {
        FindParameters find = FindParameters.from(filterOnly(query), restriction);
        String groupText = QueryParameters.single(query, "group")
                .map(String::strip)
                .orElseThrow(() -> new InvalidParameterException(
                        "group",
                        "group is required: one or two field paths, comma-separated, or @arrival:minute|hour|day"));
        var aggregates = new LinkedHashMap<String, String>();
        for (String name : AGGREGATES) {
            QueryParameters.single(query, name)
                    .map(String::strip)
                    .ifPresent(path -> aggregates.put(name, GroupPath.check(name, path)));
        }
        // "count" is always given; the parameter may be named (as a flag) but takes no value.
        if (query.contains("count") && !query.all("count").stream().allMatch(String::isEmpty)) {
            throw new InvalidParameterException("count", "count takes no value: the count is always given");
        }
        if (groupText.startsWith(Arrival.PREFIX)) {
            for (String name : List.of("limit", "sort")) {
                if (query.contains(name)) {
                    throw new InvalidParameterException(
                            name, name + " does not apply to group=@arrival: every bucket is listed, in time order");
                }
            }
            if (!aggregates.isEmpty()) {
                String name = aggregates.keySet().iterator().next();
                throw new InvalidParameterException(name, "group=@arrival gives the count of each bucket only");
            }
            Arrival arrival = Arrival.of(
                    groupText, QueryParameters.single(query, "from"), QueryParameters.single(query, "to"), now);
            return new SummaryRequest(
                    List.of(), Optional.of(arrival), aggregates, MAX_LIMIT, Sort.BY_COUNT, find.filter());
        }
        // from and to apply to group=@arrival only; elsewhere they are still read, so a malformed one is told.
        Arrival.of(
                Arrival.PREFIX + "day",
                QueryParameters.single(query, "from"),
                QueryParameters.single(query, "to"),
                now.plusSeconds(1));
        var group = new ArrayList<String>();
        for (String path : groupText.split(",", -1)) {
            group.add(GroupPath.check("group", path.strip()));
        }
        if (group.size() > 2) {
            throw new InvalidParameterException("group", "group takes one or two field paths, not " + group.size());
        }
        if (group.size() == 2 && group.get(0).equals(group.get(1))) {
            throw new InvalidParameterException("group", "group names '" + group.get(0) + "' twice");
        }
        int limit = QueryParameters.single(query, "limit")
                .map(text -> QueryParameters.integer("limit", text, 1, MAX_LIMIT))
                .orElse(DEFAULT_LIMIT);
        Sort sort = QueryParameters.single(query, "sort")
                .map(String::strip)
                .map(text -> sort(text, aggregates))
                .orElse(Sort.BY_COUNT);
        return new SummaryRequest(group, Optional.empty(), aggregates, limit, sort, find.filter());
    }

    /** Everything that changes this summary's answer, as a key of {@link InsightCache}. */
    String cacheKey() {
        var parts = new org.bson.BsonDocument();
        parts.append(
                "group",
                new org.bson.BsonArray(
                        group.stream().map(org.bson.BsonString::new).toList()));
        arrival.ifPresent(a -> parts.append(
                "arrival",
                new org.bson.BsonArray(List.of(
                        new org.bson.BsonString(a.unit().label()),
                        new org.bson.BsonString(a.start().toString()),
                        new org.bson.BsonString(a.end().toString())))));
        var asked = new org.bson.BsonDocument();
        aggregates.forEach((name, path) -> asked.append(name, new org.bson.BsonString(path)));
        return InsightCache.key(
                "summary",
                parts.append("aggregates", asked)
                        .append("limit", new org.bson.BsonInt32(limit))
                        .append("sort", new org.bson.BsonString(sort.toString()))
                        .append("filter", filter.filter()));
    }

    /** The name of an aggregate's column: {@code sum_quantity}. */
    static String column(String aggregate, String path) {
        return aggregate + "_" + path;
    }

    List<String> aggregateColumns() {
        return aggregates.entrySet().stream()
                .map(e -> column(e.getKey(), e.getValue()))
                .toList();
    }

    private static Sort sort(String text, Map<String, String> aggregates) {
        boolean descending = text.startsWith("-");
        String column = descending ? text.substring(1) : text;
        if (column.equals("count") || column.equals("key")) {
            return new Sort(column, descending);
        }
        for (var aggregate : aggregates.entrySet()) {
            if (column.equals(column(aggregate.getKey(), aggregate.getValue()))) {
                return new Sort(aggregate.getKey(), descending);
            }
        }
        var accepted = new ArrayList<>(List.of("count", "key"));
        aggregates.forEach((name, path) -> accepted.add(column(name, path)));
        throw new InvalidParameterException(
                "sort",
                "sort must be one of " + String.join(", ", accepted) + " (with '-' for descending), not '" + text
                        + "'");
    }

    /** Only the filter: {@code sort} here orders groups, not records, and {@code fields} does not apply. */
    private static UriQuery filterOnly(UriQuery query) {
        if (!query.contains("filter")) {
            return UriQuery.empty();
        }
        String raw = query.rawValue();
        var kept = new ArrayList<String>();
        for (String part : raw.split("&", -1)) {
            String name = part.contains("=") ? part.substring(0, part.indexOf('=')) : part;
            if (io.helidon.common.uri.UriEncoding.decodeQuery(name).equals("filter")) {
                kept.add(part);
            }
        }
        return UriQuery.create(String.join("&", kept));
    }
}
