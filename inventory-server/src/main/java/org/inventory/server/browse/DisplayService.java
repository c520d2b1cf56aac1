package org.inventory.server.browse;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;
import org.inventory.core.store.InventoryRepository;
import org.inventory.core.RecordJson;

/**
 * {@code GET /display}: the stored records by page number or after an {@code _id}, in {@code _id} order,
 * as JSON for programs and as an HTML page for browsers.
 */
public final class DisplayService implements HttpService {
    private static final HttpMediaType HTML_UTF_8 = HttpMediaType.create(MediaTypes.TEXT_HTML).withCharset("UTF-8");

    private final InventoryRepository repository;
    private final Timer requests;
    private final int defaultPerPage;
    private final int maxPerPage;

    public DisplayService(InventoryRepository repository, MeterRegistry registry, int defaultPerPage, int maxPerPage) {
        this.repository = repository;
        this.requests = registry.getOrCreate(Timer.builder("inventory_display_request")
                .description("Time to answer one /display request"));
        this.defaultPerPage = defaultPerPage;
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::display);
    }

    private void display(ServerRequest req, ServerResponse res) throws IOException {
        long start = System.nanoTime();
        try {
            PageQuery query = PageQuery.from(req.query(), defaultPerPage, maxPerPage);
            DisplayPage page = load(query);
            var links = new DisplayLinks(page);
            res.header(HeaderNames.LINK, links.header());
            res.header("X-Total-Count", Long.toString(page.total()));
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            // The same URL answers JSON or HTML by the Accept header.
            res.header(HeaderNames.VARY, "Accept");
            if (wantsHtml(req, query)) {
                res.headers().contentType(HTML_UTF_8);
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

    private DisplayPage load(PageQuery query) {
        // The count comes from collection metadata, never from scanning the collection.
        long total = repository.estimatedCount();
        if (query.after().isEmpty()) {
            return new DisplayPage(query, total, repository.page(query.page(), query.perPage()), Optional.empty());
        }
        // One record more than shown tells whether a next page exists.
        List<RawBsonDocument> items = repository.after(query.after().get(), query.perPage() + 1);
        Optional<ObjectId> next = Optional.empty();
        if (items.size() > query.perPage()) {
            items = items.subList(0, query.perPage());
            next = Optional.of(items.getLast().getObjectId("_id").getValue());
        }
        return new DisplayPage(query, total, items, next);
    }

    private static boolean wantsHtml(ServerRequest req, PageQuery query) {
        if (query.format().isPresent()) {
            return query.format().get().equals("html");
        }
        return req.headers().bestAccepted(MediaTypes.APPLICATION_JSON, MediaTypes.TEXT_HTML)
                .map(MediaTypes.TEXT_HTML::equals)
                .orElse(false);
    }

    private static void writeJson(DisplayPage page, OutputStream stream) throws IOException {
        try (JsonGenerator out = RecordJson.FACTORY.createGenerator(stream)) {
            out.writeStartObject();
            if (page.query().cursor()) {
                out.writeStringField("after", page.query().after().get().toHexString());
            } else {
                out.writeNumberField("page", page.query().page());
            }
            out.writeNumberField("per_page", page.query().perPage());
            out.writeNumberField("total", page.total());
            if (!page.query().cursor()) {
                out.writeNumberField("pages", page.pages());
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
