package org.inventory.server.insight;

import java.util.List;
import java.util.Map;
import org.bson.BsonValue;

/**
 * A summary's answer: its columns and rows.
 *
 * @param group   the group paths, or {@code ["@arrival:minute"]} for arrival buckets
 * @param columns the aggregate columns after {@code count}, such as {@code sum_quantity}
 * @param rows    the groups in order, the "other" row last when there is one
 */
record Summary(List<String> group, List<String> columns, List<Row> rows) {
    /**
     * One group.
     *
     * @param key        the group's value of each path (BSON null for missing and null); for an arrival bucket its start
     * @param other      whether this row sums the groups after the top ones (its key is then empty)
     * @param count      the records in it
     * @param aggregates each column's value, BSON null where no record had a number
     */
    record Row(List<BsonValue> key, boolean other, long count, Map<String, BsonValue> aggregates) {}

    long total() {
        return rows.stream().mapToLong(Row::count).sum();
    }
}
