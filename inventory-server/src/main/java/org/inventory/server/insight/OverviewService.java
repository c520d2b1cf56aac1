package org.inventory.server.insight;

import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.inventory.core.query.FilterSpec;
import org.inventory.core.store.RecordQueries;
import org.inventory.server.http.ContentSecurityPolicy;
import org.inventory.server.http.QueryParameters;
import org.inventory.server.http.ReadAccess;
import org.inventory.server.http.Templates;

/**
 * {@code GET /overview}: one page of the inventory (HTML, or its figures with {@code format=json}); see
 * {@link Overview}. The charts are SVG drawn by the template (no script needed to see any figure); the page's
 * Content-Security-Policy is {@code /live}'s: its one script by nonce, connections back here only, no framing.
 */
public final class OverviewService implements HttpService {
    static final String TEMPLATES = "org.inventory.server.insight.templates";
    private static final String PAGE = "insight/overview.jte";
    private static final TemplateEngine ENGINE = Templates.precompiled(OverviewService.class, TEMPLATES, PAGE);
    private static final HttpMediaType HTML = HttpMediaType.create("text/html; charset=UTF-8");

    private final RecordQueries queries;
    private final SchemaService schemas;
    private final InsightCache cache;
    private final Overview.Config config;
    private final Clock clock;

    OverviewService(
            RecordQueries queries,
            SchemaService schemas,
            InsightCache cache,
            List<String> groups,
            String sumPath,
            FilterSpec alert,
            java.time.Duration queryTimeout,
            int countLimit,
            Clock clock) {
        this.queries = queries;
        this.schemas = schemas;
        this.cache = cache;
        this.config = new Overview.Config(groups, sumPath, alert, queryTimeout, countLimit);
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::overview);
    }

    private void overview(ServerRequest req, ServerResponse res) throws IOException {
        String format = QueryParameters.choice(req.query(), "format", List.of("html", "json"))
                .orElse("html");
        Optional<String> filterText =
                QueryParameters.single(req.query(), "filter").map(String::strip).filter(t -> !t.isEmpty());
        FilterSpec own = filterText.map(FilterSpec::parse).orElse(FilterSpec.all());
        FilterSpec restricted = ReadAccess.restriction(req).and(own);
        Optional<String> ownFilter = filterText.filter(t -> !own.selectsAll());
        // The links carry the caller's own filter as written: it is part of the key with the restricted filter.
        String key = InsightCache.key(
                "overview",
                new BsonDocument("filter", restricted.filter())
                        .append("own", ownFilter.<BsonValue>map(BsonString::new).orElse(BsonNull.VALUE)));
        InsightCache.Aged<Overview> answer = cache.get(
                key,
                InsightCache.noCache(req),
                () -> Overview.compute(queries, schemas, config, restricted, ownFilter, clock.instant()));
        Overview overview = answer.value();
        cache.age(answer, res);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        if (format.equals("json")) {
            res.headers().contentType(HttpMediaType.create("application/json"));
            res.send(SummaryService.json(overview::write));
            return;
        }
        OverviewView view = OverviewView.of(overview, ownFilter, answer.ageSeconds(clock.instant()));
        res.headers().contentType(HTML);
        res.header(ContentSecurityPolicy.HEADER, ContentSecurityPolicy.livePage(view.nonce()));
        var html = new Utf8ByteOutput();
        ENGINE.render(PAGE, view, html);
        try (OutputStream out = res.outputStream()) {
            html.writeTo(out);
        }
    }
}
