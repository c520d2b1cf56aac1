package org.inventory.server.browse;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import org.bson.RawBsonDocument;
import org.inventory.core.RecordJson;
import org.inventory.core.query.Cursor;
import org.inventory.core.query.Query;
import org.inventory.core.store.FindResult;
import org.inventory.core.store.RecordQueries;
import org.inventory.server.http.ContentSecurityPolicy;
import org.inventory.server.http.FindParameters;
import org.inventory.server.http.ReadAccess;

/**
 * {@code GET /display}: the stored records, narrowed by {@code filter}, ordered by {@code sort}, cut to
 * {@code fields}, by page number or after a cursor token, as JSON for programs and as an HTML page for browsers.
 * Every query runs with the store's time limit, and a filtered count stops at the count limit.
 */
public final class DisplayService implements HttpService {
    private static final HttpMediaType HTML_UTF_8 =
            HttpMediaType.create(MediaTypes.TEXT_HTML).withCharset("UTF-8");

    private final RecordQueries queries;
    private final Timer requests;
    private final int defaultPerPage;
    private final int maxPerPage;
    private final int countLimit;
    private final Duration queryTimeout;

    public DisplayService(
            RecordQueries queries,
            MeterRegistry registry,
            int defaultPerPage,
            int maxPerPage,
            int countLimit,
            Duration queryTimeout) {
        this.queries = queries;
        this.requests = registry.getOrCreate(
                Timer.builder("inventory_display_request").description("Time to answer one /display request"));
        this.defaultPerPage = defaultPerPage;
        this.maxPerPage = maxPerPage;
        this.countLimit = countLimit;
        this.queryTimeout = queryTimeout;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::display);
    }

    private void display(ServerRequest req, ServerResponse res) throws IOException {
        long start = System.nanoTime();
        try {
            Optional<String> form = FilterForm.redirect(req.query());
            if (form.isPresent()) {
                // The filter form's rows, made into one filter: the page's own address then holds the query.
                res.status(Status.SEE_OTHER_303)
                        .header(HeaderNames.LOCATION, form.get())
                        .send();
                return;
            }
            PageQuery query = PageQuery.from(req.query(), ReadAccess.restriction(req), defaultPerPage, maxPerPage);
            DisplayPage page = load(query);
            var links = new DisplayLinks(page);
            res.header(HeaderNames.LINK, links.header());
            page.total()
                    .filter(total -> !total.capped())
                    .ifPresent(total -> res.header("X-Total-Count", Long.toString(total.count())));
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            // The same URL answers JSON or HTML by the Accept header.
            res.header(HeaderNames.VARY, "Accept");
            if (wantsHtml(req, query)) {
                res.headers().contentType(HTML_UTF_8);
                res.header(ContentSecurityPolicy.HEADER, ContentSecurityPolicy.DISPLAY_PAGE);
                try (OutputStream out = res.outputStream()) {
                    DisplayHtml.write(page, links, maxPerPage, out);
                }
            } else {
                res.headers().contentType(MediaTypes.APPLICATION_JSON);
                try (OutputStream out = res.outputStream()) {
                    writeJson(page, out);
                }
            }
        } finally {
            requests.record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private DisplayPage load(PageQuery request) {
        FindParameters find = request.find();
        Optional<Cursor> after = request.after().map(token -> queries.cursor(token, find.filter(), find.sort()));
        var query = new Query(find.filter(), find.sort(), find.fields(), after, queryTimeout);
        FindResult found = after.isPresent()
                ? queries.find(query, request.perPage())
                : queries.page(query, request.page(), request.perPage());
        return new DisplayPage(request, total(find, after.isPresent()), found.items(), found.more(), found.next());
    }

    private Optional<DisplayPage.Total> total(FindParameters find, boolean cursorPage) {
        if (find.filter().selectsAll()) {
            // The count comes from collection metadata, never from scanning the collection.
            return Optional.of(new DisplayPage.Total(queries.estimatedCount(), false));
        }
        if (cursorPage) {
            return Optional.empty();
        }
        // One match past the limit tells a count that stopped there from one that happens to equal it.
        long matches = queries.count(find.filter(), countLimit + 1, queryTimeout);
        boolean capped = matches > countLimit;
        return Optional.of(new DisplayPage.Total(capped ? countLimit : matches, capped));
    }

    private static boolean wantsHtml(ServerRequest req, PageQuery query) {
        if (query.format().isPresent()) {
            return query.format().get().equals("html");
        }
        return req.headers()
                .bestAccepted(MediaTypes.APPLICATION_JSON, MediaTypes.TEXT_HTML)
                .map(MediaTypes.TEXT_HTML::equals)
                .orElse(false);
    }

    private static void writeJson(DisplayPage page, OutputStream stream) throws IOException {
        try (JsonGenerator out = RecordJson.FACTORY.createGenerator(stream)) {
            out.writeStartObject();
            if (page.query().cursor()) {
                out.writeStringField("after", page.query().after().get());
            } else {
                out.writeNumberField("page", page.query().page());
            }
            out.writeNumberField("per_page", page.query().perPage());
            if (page.total().isPresent()) {
                out.writeNumberField("total", page.total().get().count());
                if (page.total().get().capped()) {
                    out.writeBooleanField("total_capped", true);
                } else if (!page.query().cursor()) {
                    out.writeNumberField("pages", page.pages());
                }
            }
            if (page.next().isPresent()) {
                out.writeStringField("next", page.next().get());
            }
            out.writeArrayFieldStart("items");
            for (RawBsonDocument item : page.items()) {
                RecordJson.write(item, out);
            }
            out.writeEndArray();
            out.writeEndObject();
        }
    }
}
