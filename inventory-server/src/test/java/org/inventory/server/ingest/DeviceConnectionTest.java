package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.inventory.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A device connection's writes, over a real socket whose client does not read: a write that finds no room waits,
 * parked, for the selector to say the socket is writable (OP_WRITE) instead of spinning or blocking in the socket,
 * and ends once the client reads. No handshake comes, so the connection needs no sessions.
 */
@Timeout(60)
class DeviceConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void a_write_the_client_has_no_room_for_waits_for_the_selector_and_ends_once_the_client_reads() throws Exception {
        // 12 MB of replies: more than the sockets between hold (a small receive buffer; Linux lets a send buffer
        // grow to 4 MB).
        var replies = new ArrayList<String>();
        for (int i = 0; i < 12_000; i++) {
            replies.add(String.format("%-1000d", i));
        }
        try (var readiness = new Readiness();
                var listening = ServerSocketChannel.open();
                var client = new Socket()) {
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            client.setReceiveBufferSize(4096);
            client.connect(listening.getLocalAddress(), (int) WAIT.toMillis());
            client.setSoTimeout((int) WAIT.toMillis());
            try (SocketChannel channel = listening.accept()) {
                channel.configureBlocking(false);
                var connection = new DeviceConnection(
                        channel,
                        "127.0.0.1",
                        readiness,
                        new BufferPool(1),
                        new DeviceHandshake(null, null, null),
                        1024,
                        closed -> {});
                connection.start();
                Thread writer = Thread.ofPlatform().start(() -> connection.send(replies));
                // A thread that writes to a non-blocking socket is never WAITING but when it parks for the selector.
                Await.until("the write to wait for room", WAIT, () -> writer.getState() == Thread.State.WAITING);

                var in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
                List<String> received = new ArrayList<>();
                for (int i = 0; i < replies.size(); i++) {
                    assertEquals(0x81, in.readUnsignedByte()); // a final text frame
                    assertEquals(126, in.readUnsignedByte()); // unmasked, its length in 16 bits
                    byte[] payload = new byte[in.readUnsignedShort()];
                    in.readFully(payload);
                    received.add(new String(payload, StandardCharsets.UTF_8));
                }
                writer.join();
                assertEquals(replies, received);
            }
        }
    }
}
