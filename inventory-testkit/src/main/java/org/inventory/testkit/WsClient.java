package org.inventory.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/** A real WebSocket client (the JDK's) for tests: sends text or binary, collects the replies and the close. */
public final class WsClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final WebSocket socket;
    private final BlockingQueue<String> replies;
    private final CompletableFuture<Integer> closed;

    private WsClient(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.replies = listener.replies;
        this.closed = listener.closed;
    }

    public static WsClient connect(int port) {
        return connect(port, Map.of());
    }

    public static WsClient connect(int port, Map<String, String> headers) {
        return connect(port, headers, new Listener(true));
    }

    /** A client that never reads its replies: a slow reader, to test back-pressure. */
    public static WsClient connectWithoutReading(int port) {
        return connect(port, Map.of(), new Listener(false));
    }

    /** Connects to {@code wss://localhost:port/} over TLS with this context (its trust, and its certificate if any). */
    public static WsClient connectTls(int port, SSLContext tls) {
        return connectTls(port, tls, Map.of());
    }

    /** As {@link #connectTls(int, SSLContext)}, with these headers on the upgrade (e.g. {@code Authorization}). */
    public static WsClient connectTls(int port, SSLContext tls, Map<String, String> headers) {
        return connect(
                HttpClient.newBuilder().sslContext(tls).build(),
                URI.create("wss://localhost:" + port + "/"),
                headers,
                new Listener(true));
    }

    private static WsClient connect(int port, Map<String, String> headers, Listener listener) {
        return connect(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + port + "/"), headers, listener);
    }

    private static WsClient connect(HttpClient http, URI uri, Map<String, String> headers, Listener listener) {
        var builder = http.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        try {
            WebSocket socket = builder.buildAsync(uri, listener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return new WsClient(socket, listener);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                throw new IllegalStateException(
                        "upgrade refused with status " + refused.getResponse().statusCode(), e);
            }
            throw new IllegalStateException("cannot connect: " + e.getCause(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect: " + e, e);
        }
    }

    public WsClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** Sends one message in several frames, cut at the given character positions. */
    public WsClient sendFragments(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            socket.sendText(parts[i], i == parts.length - 1).join();
        }
        return this;
    }

    public WsClient sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    /** The next reply, waiting at most {@link #WAIT}. */
    public String reply() {
        try {
            String reply = replies.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (reply == null) {
                throw new AssertionError("no reply within " + WAIT);
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<String> replies(int count) {
        var all = new ArrayList<String>(count);
        for (int i = 0; i < count; i++) {
            all.add(reply());
        }
        return all;
    }

    /** The replies that arrive until the server closes the connection, waiting at most {@link #WAIT} between two. */
    public List<String> repliesUntilClosed() {
        var all = new ArrayList<String>();
        for (Optional<String> reply = replyOrClose(); reply.isPresent(); reply = replyOrClose()) {
            all.add(reply.get());
        }
        return all;
    }

    /** The next reply, or none once the server has closed the connection with no reply left; waits at most {@link #WAIT}. */
    public Optional<String> replyOrClose() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String reply = replies.poll(closed.isDone() ? 0 : 50, TimeUnit.MILLISECONDS);
                if (reply != null) {
                    return Optional.of(reply);
                }
                if (closed.isDone()) {
                    return Optional.empty();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new AssertionError("neither a reply nor a close within " + WAIT);
    }

    /** Sends without waiting for the socket; the future fails once the connection is gone. */
    public CompletableFuture<WebSocket> sendAsync(String text) {
        return socket.sendText(text, true);
    }

    /** The close status the server sent, waiting at most {@link #WAIT}. */
    public int closeStatus() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Drops the connection without a closing handshake, as a client that crashes does. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final boolean reading;

        Listener(boolean reading) {
            this.reading = reading;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (reading) {
                webSocket.request(Long.MAX_VALUE);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                replies.add(text.toString());
                text.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
