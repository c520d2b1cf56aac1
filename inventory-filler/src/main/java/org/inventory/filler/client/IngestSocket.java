package org.inventory.filler.client;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;

/** One WebSocket connection to the ingest endpoint; it turns the library's callbacks into {@link SocketEvent}s. */
final class IngestSocket extends WebSocketClient {
    private final Consumer<SocketEvent> events;
    private volatile Exception error;

    IngestSocket(
            URI url,
            Map<String, String> headers,
            Optional<SSLSocketFactory> tls,
            int connectTimeoutMillis,
            Consumer<SocketEvent> events) {
        super(url, new Draft_6455(), headers, connectTimeoutMillis);
        this.events = events;
        // Replies are small and pipelined: waiting to coalesce them (Nagle) would only add latency.
        setTcpNoDelay(true);
        // The loader decides when to stop; the library's threads must not keep the JVM alive after that.
        setDaemon(true);
        // wss://: the library checks the server's name against its certificate (endpoint identification).
        tls.ifPresent(this::setSocketFactory);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        events.accept(new SocketEvent.Opened(this));
    }

    @Override
    public void onMessage(String text) {
        events.accept(new SocketEvent.Received(this, text));
    }

    @Override
    public void onError(Exception e) {
        // The library calls onClose next; the error tells there why.
        error = e;
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        events.accept(new SocketEvent.Closed(this, code, reason, remote, error));
    }
}
