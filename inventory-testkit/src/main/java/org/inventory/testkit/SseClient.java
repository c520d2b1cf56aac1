package org.inventory.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP client reading {@code text/event-stream} as the HTML standard parses it: events (id, name, data) and
 * comments, in order, on a reader thread of its own; the end of the stream is an event of its own.
 */
public final class SseClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    /** One parsed event; a comment has the name {@code :} and its text as data; the end of stream {@code END}. */
    public record Event(String id, String name, String data) {
        public boolean comment() {
            return name.equals(":");
        }
    }

    private final HttpClient client;
    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseClient(HttpClient client, HttpResponse<InputStream> response) {
        this.client = client;
        this.response = response;
        this.reader = Thread.ofVirtual().name("sse-client").start(this::read);
    }

    public static SseClient open(int port, String pathAndQuery) {
        return open(port, pathAndQuery, Map.of());
    }

    public static SseClient open(int port, String pathAndQuery, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Accept", "text/event-stream")
                .timeout(WAIT);
        headers.forEach(request::header);
        try {
            var client = HttpClient.newHttpClient();
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new SseClient(client, response);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot open the stream: " + e, e);
        }
    }

    /** Opens the stream and waits for the server's first comment: from then on every acknowledged record comes. */
    public static SseClient subscribe(int port, String pathAndQuery, Map<String, String> headers) {
        SseClient sse = open(port, pathAndQuery, headers);
        if (sse.status() != 200) {
            throw new AssertionError("status " + sse.status());
        }
        Event first = sse.next();
        if (!first.comment()) {
            throw new AssertionError("expected the opening comment, got " + first);
        }
        return sse;
    }

    public static SseClient subscribe(int port, String pathAndQuery) {
        return subscribe(port, pathAndQuery, Map.of());
    }

    public int status() {
        return response.statusCode();
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    /** The next event or comment, waiting at most {@link #WAIT}. */
    public Event next() {
        try {
            Event event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + WAIT);
            }
            return event;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next event that is not a comment. */
    public Event nextEvent() {
        Event event = next();
        while (event.comment()) {
            event = next();
        }
        return event;
    }

    /** The next {@code count} events that are not comments. */
    public List<Event> nextEvents(int count) {
        var list = new ArrayList<Event>();
        while (list.size() < count) {
            list.add(nextEvent());
        }
        return list;
    }

    private void read() {
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = "message";
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = "message";
                    data = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, ":", line.substring(1).strip()));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" ->
                            data = data == null
                                    ? new StringBuilder(value)
                                    : data.append('\n').append(value);
                        default -> {}
                    }
                }
            }
            events.add(new Event(null, "END", ""));
        } catch (IOException e) {
            events.add(new Event(null, "END", e.toString()));
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // closing a stream the server may have ended already
        }
        client.shutdownNow();
        reader.interrupt();
    }
}
