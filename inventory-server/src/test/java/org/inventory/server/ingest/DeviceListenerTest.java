package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.inventory.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The device port's sweep of silent connections ({@link DeviceListener#closeSilent}, every minute with 5 minutes of
 * silence), on a listener of its own whose handshakes never complete in these tests: they need no sessions.
 */
@Timeout(60)
class DeviceListenerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private DeviceListener listener;

    @BeforeEach
    void listen() {
        listener = DeviceListener.start("127.0.0.1", 0, new DeviceHandshake(null, null, null), 1024, 16);
    }

    @AfterEach
    void close() {
        listener.close();
    }

    private Socket connect() throws IOException {
        var socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.port()), (int) WAIT.toMillis());
        socket.setSoTimeout((int) WAIT.toMillis());
        Await.until("the connection accepted", WAIT, () -> listener.connections() == 1);
        return socket;
    }

    @Test
    void a_connection_that_sent_nothing_is_closed_once_silent_for_longer_than_the_limit() throws Exception {
        try (var socket = connect()) {
            assertEquals(0, listener.closeSilent(Duration.ofMinutes(5)));
            assertEquals(1, listener.closeSilent(Duration.ZERO));
            assertClosed(socket.getInputStream());
            Await.until("the connection forgotten", WAIT, () -> listener.connections() == 0);
        }
    }

    /**
     * A client that stops in the middle of its handshake (or of a frame) leaves the connection's thread waiting for
     * bytes: silent all the same, and closed as such, or it would hold its thread and socket for good.
     */
    @Test
    void a_connection_silent_in_the_middle_of_its_handshake_is_closed_too() throws Exception {
        try (var socket = connect()) {
            socket.getOutputStream().write("GET / HT".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Await.until("its thread waiting for the head's rest", WAIT, () -> listener.waitingForBytes() == 1);
            assertEquals(0, listener.closeSilent(Duration.ofMinutes(5)));
            assertEquals(1, listener.closeSilent(Duration.ZERO));
            assertClosed(socket.getInputStream());
            Await.until("the connection forgotten", WAIT, () -> listener.connections() == 0);
            assertEquals(0, listener.waitingForBytes());
        }
    }

    /** The socket ends without an answer: at its end of stream, or reset. */
    private static void assertClosed(InputStream in) throws IOException {
        try {
            assertEquals(-1, in.read());
        } catch (SocketException reset) {
            // closed with bytes unread: a reset is the end too
        }
    }
}
