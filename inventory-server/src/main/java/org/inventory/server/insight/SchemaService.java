package org.inventory.server.insight;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.inventory.core.query.FilterSpec;
import org.inventory.core.store.RecordQueries;
import org.inventory.server.http.FindParameters;
import org.inventory.server.http.QueryParameters;
import org.inventory.server.http.ReadAccess;

/**
 * {@code GET /schema?sample=N}: the field paths and types of a random sample ({@code $sample}) of the matching
 * records, computed by {@link SchemaProfile}.
 */
public final class SchemaService implements HttpService {
    static final int DEFAULT_SAMPLE = 1000;
    static final int MAX_SAMPLE = 10_000;

    private final RecordQueries queries;
    private final Duration queryTimeout;
    private final int countLimit;
    private final InsightCache cache;

    SchemaService(RecordQueries queries, Duration queryTimeout, int countLimit, InsightCache cache) {
        this.queries = queries;
        this.queryTimeout = queryTimeout;
        this.countLimit = countLimit;
        this.cache = cache;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::schema);
    }

    /** A schema's figures: the sample's profile and how many records match. */
    record Schema(SchemaProfile profile, long total, boolean totalCapped) {}

    private void schema(ServerRequest req, ServerResponse res) {
        int sample = QueryParameters.single(req.query(), "sample")
                .map(text -> QueryParameters.integer("sample", text, 1, MAX_SAMPLE))
                .orElse(DEFAULT_SAMPLE);
        FilterSpec filter = FindParameters.from(filterOnly(req), ReadAccess.restriction(req))
                .filter();
        String key = InsightCache.key(
                "schema", new BsonDocument("sample", new BsonInt32(sample)).append("filter", filter.filter()));
        InsightCache.Aged<Schema> answer = cache.get(key, InsightCache.noCache(req), () -> schema(filter, sample));
        Schema schema = answer.value();
        cache.age(answer, res);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.headers().contentType(HttpMediaType.create("application/json"));
        res.send(SummaryService.json(out -> {
            out.writeStartObject();
            out.writeNumberField("sampled", schema.profile().records());
            out.writeNumberField("total_estimate", schema.total());
            out.writeBooleanField("total_capped", schema.totalCapped());
            out.writeFieldName("fields");
            schema.profile().writeFields(out);
            out.writeEndObject();
        }));
    }

    /** The profile of up to {@code sample} records of the filter, picked at random by the store, and the total. */
    Schema schema(FilterSpec filter, int sample) {
        var pipeline = new ArrayList<BsonDocument>();
        if (!filter.selectsAll()) {
            pipeline.add(new BsonDocument("$match", filter.filter()));
        }
        pipeline.add(new BsonDocument("$sample", new BsonDocument("size", new BsonInt32(sample))));
        var profile = new SchemaProfile();
        List<BsonDocument> records = queries.aggregate(pipeline, queryTimeout);
        records.forEach(profile::add);
        long total;
        boolean capped = false;
        if (filter.selectsAll()) {
            total = queries.estimatedCount();
        } else if (records.size() < sample) {
            total = records.size();
        } else {
            total = queries.count(filter, countLimit, queryTimeout);
            capped = total >= countLimit;
        }
        return new Schema(profile, total, capped);
    }

    private static io.helidon.common.uri.UriQuery filterOnly(ServerRequest req) {
        return QueryParameters.single(req.query(), "filter")
                .map(text -> io.helidon.common.uri.UriQuery.create("filter=" + FindParameters.encode(text)))
                .orElse(io.helidon.common.uri.UriQuery.empty());
    }
}
