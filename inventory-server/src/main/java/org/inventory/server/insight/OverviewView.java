package org.inventory.server.insight;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.inventory.core.RecordJson;
import org.inventory.core.query.FieldPath;
import org.inventory.server.http.FindParameters;

/**
 * What the overview page's template shows, every figure as text and every bar's geometry worked out here, so that
 * the template only places them. Public for the compiled template.
 *
 * @param total    the total, as text
 * @param charts   one bar chart per group path
 * @param alerts   the alert table
 * @param arrivals the arrivals chart
 * @param schema   the sample's paths
 * @param sampled  the sample's size
 * @param jsonHref the page's data as JSON
 * @param nonce    the nonce of the page's one script
 * @param liveHref the live feed of the same filter, which the script counts arrivals from
 * @param asOf     when the figures were read, and how long ago when they were kept from an earlier request
 */
public record OverviewView(
        String total,
        List<ChartView> charts,
        AlertsView alerts,
        ArrivalsView arrivals,
        List<FieldRow> schema,
        int sampled,
        String jsonHref,
        String nonce,
        String liveHref,
        String asOf) {
    /** Where the bars start and how long the longest is, in the chart's own units. */
    public static final int LABEL_WIDTH = 190;

    public static final int BAR_SPACE = 330;
    public static final int ROW_HEIGHT = 24;
    public static final int CHART_WIDTH = 720;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One horizontal bar chart. */
    public record ChartView(String path, String sumPath, String id, int height, List<BarView> bars) {}

    /**
     * One bar: its label, count and sum as text, its link, and its place.
     *
     * @param width the bar's length: the count over the largest count, times {@link #BAR_SPACE}
     */
    public record BarView(
            String label,
            long count,
            String countText,
            String sumText,
            String href,
            boolean other,
            String width,
            int y,
            int textY,
            int numberX) {}

    /** The alert records as a table. */
    public record AlertsView(String count, String href, List<String> columns, List<AlertRow> rows) {}

    /** One alert record: its cells and its own link. */
    public record AlertRow(String href, List<String> cells) {}

    /** Records per minute over the last hour, as vertical bars. */
    public record ArrivalsView(long total, String max, List<Column> columns, int width) {}

    /** One minute's column. */
    public record Column(String start, long count, String x, String y, String height, String href) {}

    /** One path of the sample: how often it is there and its types. */
    public record FieldRow(String path, String share, String types) {}

    static OverviewView of(Overview overview, Optional<String> filterText, long ageSeconds) {
        var charts = new ArrayList<ChartView>();
        int index = 0;
        for (Overview.Chart chart : overview.charts()) {
            List<Summary.Row> rows = chart.summary().rows();
            long max = rows.stream().mapToLong(Summary.Row::count).max().orElse(1);
            var bars = new ArrayList<BarView>();
            for (int i = 0; i < rows.size(); i++) {
                Summary.Row row = rows.get(i);
                double width = max == 0 ? 0 : row.count() * (double) BAR_SPACE / max;
                BsonValue sum = row.aggregates().get(SummaryRequest.column("sum", chart.sumPath()));
                bars.add(new BarView(
                        row.other() ? "(other)" : label(row.key().getFirst()),
                        row.count(),
                        number(row.count()),
                        sum == null || sum.isNull() ? "–" : number(sum),
                        "/display?filter="
                                + FindParameters.encode(chart.filters().get(i)),
                        row.other(),
                        String.format(Locale.ROOT, "%.2f", width),
                        i * ROW_HEIGHT + 4,
                        i * ROW_HEIGHT + 18,
                        LABEL_WIDTH + (int) Math.ceil(width) + 6));
            }
            charts.add(new ChartView(
                    chart.path(),
                    chart.sumPath(),
                    "chart-" + index++,
                    Math.max(1, rows.size()) * ROW_HEIGHT + 8,
                    bars));
        }
        Overview.Alerts alerts = overview.alerts();
        var alertRows = new ArrayList<AlertRow>();
        for (RawBsonDocument record : alerts.records()) {
            var cells = new ArrayList<String>();
            for (String column : alerts.columns()) {
                BsonValue value = FieldPath.valueIn(record, column);
                cells.add(
                        value == null
                                ? ""
                                : value.isString()
                                        ? value.asString().getValue()
                                        : value.isObjectId()
                                                ? value.asObjectId().getValue().toHexString()
                                                : RecordJson.compact(value));
            }
            alertRows.add(
                    new AlertRow("/display?filter=" + FindParameters.encode(Overview.recordFilter(record)), cells));
        }
        var alertsView = new AlertsView(
                (alerts.capped() ? "at least " : "") + number(alerts.count()),
                "/display?filter=" + FindParameters.encode(alerts.filter()),
                alerts.columns(),
                alertRows);
        List<Summary.Row> minutes = overview.arrivals().rows();
        long most =
                Math.max(1, minutes.stream().mapToLong(Summary.Row::count).max().orElse(1));
        var columns = new ArrayList<Column>();
        for (int i = 0; i < minutes.size(); i++) {
            Summary.Row row = minutes.get(i);
            double height = row.count() * 100.0 / most;
            String start = row.key().getFirst().asString().getValue();
            columns.add(new Column(
                    start,
                    row.count(),
                    Integer.toString(i * 10),
                    String.format(Locale.ROOT, "%.2f", 100 - height),
                    String.format(Locale.ROOT, "%.2f", height),
                    "/display?filter=" + FindParameters.encode(minuteFilter(start))));
        }
        var arrivals = new ArrivalsView(
                minutes.stream().mapToLong(Summary.Row::count).sum(),
                number(most),
                columns,
                Math.max(10, minutes.size() * 10));
        var schema = new ArrayList<FieldRow>();
        for (SchemaProfile.Field field : overview.schema().profile().fields()) {
            int sampled = Math.max(1, overview.schema().profile().records());
            var types = new ArrayList<String>();
            field.types.values().stream()
                    .sorted((a, b) -> b.count - a.count)
                    .forEach(t -> types.add(t.type + " " + percent(t.count, field.values)));
            schema.add(new FieldRow(field.path, percent(field.records, sampled), String.join(", ", types)));
        }
        String json = "/overview?format=json"
                + filterText.map(f -> "&filter=" + FindParameters.encode(f)).orElse("");
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return new OverviewView(
                number(overview.total()),
                charts,
                alertsView,
                arrivals,
                schema,
                overview.schema().profile().records(),
                json,
                Base64.getEncoder().encodeToString(nonce),
                "/live"
                        + filterText
                                .map(f -> "?filter=" + FindParameters.encode(f))
                                .orElse(""),
                overview.computed()
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .toString()
                                .replace('T', ' ')
                                .replace("Z", " UTC")
                        + (ageSeconds > 0 ? ", " + ageSeconds + " s ago" : ""));
    }

    /** The filter of the records whose ObjectId was made in the minute from {@code start}. */
    private static String minuteFilter(String start) {
        java.time.Instant from = java.time.Instant.parse(start);
        var range = new org.bson.BsonDocument("$gte", SummaryQuery.objectIdAt(from))
                .append("$lt", SummaryQuery.objectIdAt(from.plusSeconds(60)));
        return new org.bson.BsonDocument("_id", range)
                .toJson(org.bson.json.JsonWriterSettings.builder()
                        .outputMode(org.bson.json.JsonMode.RELAXED)
                        .build());
    }

    private static String label(BsonValue value) {
        if (value.isNull()) {
            return "(none)";
        }
        String text = value.isString() ? value.asString().getValue() : RecordJson.compact(value);
        return text.length() > 28 ? text.substring(0, 27) + "…" : text;
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String number(BsonValue value) {
        if (value.isInt32() || value.isInt64()) {
            return number(value.asNumber().longValue());
        }
        return value.isNumber()
                ? String.format(Locale.ROOT, "%,.2f", value.asNumber().doubleValue())
                : RecordJson.compact(value);
    }

    private static String percent(int part, int whole) {
        return String.format(Locale.ROOT, "%.1f%%", whole == 0 ? 0.0 : part * 100.0 / whole);
    }
}
