package org.inventory.server.live;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.inventory.core.query.FieldsSpec;
import org.inventory.core.query.QueryException;
import org.inventory.server.http.ContentSecurityPolicy;
import org.inventory.server.http.ErrorBodies;
import org.inventory.server.http.QueryParameters;
import org.inventory.server.http.ReadAccess;

/**
 * {@code GET /live}: Server-Sent Events of the records acknowledged from now on ({@code text/event-stream}, the
 * default), or the live page for a browser that prefers {@code text/html}. {@code filter} and {@code fields} are
 * checked as {@code /display} checks them; at most {@code maxSubscribers} streams at once, then 503.
 */
final class LiveService implements HttpService {
    private static final HttpMediaType EVENT_STREAM = HttpMediaType.create(MediaTypes.TEXT_EVENT_STREAM);
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    private static final HttpMediaType HTML_UTF_8 =
            HttpMediaType.create(MediaTypes.TEXT_HTML).withCharset("UTF-8");

    private final LiveSource source;
    private final LiveMetrics metrics;
    private final AtomicInteger subscribers;
    private final int maxSubscribers;
    private final Duration heartbeat;

    LiveService(
            LiveSource source, LiveMetrics metrics, AtomicInteger subscribers, int maxSubscribers, Duration heartbeat) {
        this.source = source;
        this.metrics = metrics;
        this.subscribers = subscribers;
        this.maxSubscribers = maxSubscribers;
        this.heartbeat = heartbeat;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::live);
    }

    private void live(ServerRequest req, ServerResponse res) throws IOException, InterruptedException {
        // Read as /display reads them: given twice is a 400, and fields may repeat (the page's form sends it so).
        String filterText = QueryParameters.single(req.query(), "filter").orElse("");
        String fieldsText = QueryParameters.joined(req.query(), "fields").orElse("");
        boolean wantsPage = wantsPage(req);
        LiveFilter filter;
        FieldsSpec fields;
        try {
            filter = LiveFilter.parse(filterText, ReadAccess.restriction(req));
            fields = FieldsSpec.parse(fieldsText);
        } catch (QueryException e) {
            if (wantsPage) {
                page(res, filterText, fieldsText, e.getMessage());
            } else {
                ErrorBodies.send(
                        res, Status.BAD_REQUEST_400, ErrorBodies.invalidParameter(e.parameter(), e.getMessage()));
            }
            return;
        }
        if (wantsPage) {
            page(res, filterText, fieldsText, null);
        } else {
            stream(req, res, filter, fields);
        }
    }

    private void stream(ServerRequest req, ServerResponse res, LiveFilter filter, FieldsSpec fields)
            throws IOException, InterruptedException {
        if (subscribers.incrementAndGet() > maxSubscribers) {
            subscribers.decrementAndGet();
            ErrorBodies.atLimit(res, "the live feed has its most subscribers (" + maxSubscribers + ")");
            return;
        }
        try (Subscription subscription = source.subscribe(filter, req.headers().first(LAST_EVENT_ID))) {
            res.headers().contentType(EVENT_STREAM);
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            // Tells nginx-like proxies not to buffer the stream.
            res.header("X-Accel-Buffering", "no");
            try (OutputStream out = res.outputStream()) {
                new LiveStream(subscription, fields, new EventStreamWriter(out), metrics, heartbeat).run(source.name());
            } catch (IOException | UncheckedIOException e) {
                // The client went away: nothing to answer.
            }
        } finally {
            subscribers.decrementAndGet();
        }
    }

    /** A browser (its Accept prefers HTML) gets the page; EventSource, curl and programs get the stream. */
    private static boolean wantsPage(ServerRequest req) {
        return req.headers()
                .bestAccepted(MediaTypes.TEXT_EVENT_STREAM, MediaTypes.TEXT_HTML)
                .map(MediaTypes.TEXT_HTML::equals)
                .orElse(false);
    }

    /** The page, with the filter and fields to edit; a refused one is shown with why, and nothing streams. */
    private static void page(ServerResponse res, String filter, String fields, String problem) throws IOException {
        var view = LiveView.of(filter, fields, problem);
        res.status(problem == null ? Status.OK_200 : Status.BAD_REQUEST_400);
        res.headers().contentType(HTML_UTF_8);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.VARY, "Accept");
        // Only the page's own inline script (by its nonce) may run, and it may only connect back here.
        res.header(ContentSecurityPolicy.HEADER, ContentSecurityPolicy.livePage(view.nonce()));
        try (OutputStream out = res.outputStream()) {
            LivePage.write(view, out);
        }
    }
}
