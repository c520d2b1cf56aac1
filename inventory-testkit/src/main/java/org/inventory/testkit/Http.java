package org.inventory.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Real HTTP GETs (the JDK's client) to a test server on 127.0.0.1. */
public final class Http {
    public static final String JSON = "application/json";
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {}

    /** A GET asking for JSON; fails with an {@link IllegalStateException} when the server does not answer. */
    public static HttpResponse<String> get(int port, String pathAndQuery) {
        return get(port, pathAndQuery, JSON);
    }

    /** A GET with this {@code Accept}; fails with an {@link IllegalStateException} when the server does not answer. */
    public static HttpResponse<String> get(int port, String pathAndQuery, String accept) {
        try {
            return CLIENT.send(request(port, pathAndQuery, accept), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + pathAndQuery + " on port " + port + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET with this {@code Accept}; empty when the server does not answer (not listening, or the connection broke). */
    public static Optional<HttpResponse<String>> tryGet(int port, String pathAndQuery, String accept) {
        try {
            return Optional.of(CLIENT.send(request(port, pathAndQuery, accept), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest request(int port, String pathAndQuery, String accept) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", accept)
                .build();
    }
}
