package org.inventory.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.inventory.testkit.RawHttp;
import org.inventory.testkit.RawWebSocket;

/**
 * A fleet of devices for {@link IngestBenchmark} and {@link WarmupBenchmark}: many connections, each sending one
 * message and waiting for its ack before the next, all driven by one thread over a selector, so that the clients
 * cost the machine little (as devices on other machines would) beside the server they share it with. Two threads
 * per connection took 25 µs of this machine's CPU per message. A message refused as retryable is sent again, as
 * devices do; any other reply must be ok. Each message's ack latency (from its first sending) is kept, in the order
 * the acks came.
 */
final class FleetClient implements AutoCloseable {
    private final Selector selector;
    private final List<Device> devices = new ArrayList<>();
    private final long[] latencies;
    private int answered;
    private int retries;
    private int every = Integer.MAX_VALUE;
    private IntConsumer checkpoint = n -> {};

    /** Opens one connection per list of messages and upgrades each to WebSocket; frames are made before the clock. */
    FleetClient(int port, List<List<String>> messages) throws IOException {
        selector = Selector.open();
        int total = 0;
        for (List<String> stream : messages) {
            devices.add(new Device(port, stream));
            total += stream.size();
        }
        latencies = new long[total];
    }

    /** Sends every message, each after the ack of the one before on its connection; returns each ack's latency (ns). */
    long[] run() throws IOException {
        return run(Integer.MAX_VALUE, n -> {});
    }

    /**
     * As {@link #run()}, and calls {@code checkpoint} with the number of acks so far each time it reaches a multiple of
     * {@code every} (e.g. to read the server's CPU time per window of acks). The latencies are in the order the acks
     * came, so those of one window are one range of the array.
     */
    long[] run(int every, IntConsumer checkpoint) throws IOException {
        this.every = every;
        this.checkpoint = checkpoint;
        for (Device device : devices) {
            device.sendNext();
        }
        while (answered < latencies.length) {
            selector.select();
            for (SelectionKey key : selector.selectedKeys()) {
                ((Device) key.attachment()).readReplies();
            }
            selector.selectedKeys().clear();
        }
        return latencies;
    }

    /** How many messages were sent again after a retryable refusal ({@code unavailable}). */
    int retries() {
        return retries;
    }

    @Override
    public void close() throws IOException {
        for (Device device : devices) {
            device.channel.close();
        }
        selector.close();
    }

    private final class Device {
        private final SocketChannel channel;
        private final List<ByteBuffer> frames = new ArrayList<>();
        private final ByteBuffer in = ByteBuffer.allocate(4096);
        private int sent;
        private long sentAt;

        Device(int port, List<String> messages) throws IOException {
            for (String message : messages) {
                frames.add(ByteBuffer.wrap(RawWebSocket.encode(
                        0x80 | RawWebSocket.TEXT,
                        message.getBytes(StandardCharsets.UTF_8),
                        true,
                        RawWebSocket.MINIMAL_LENGTH)));
            }
            channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            channel.socket().setTcpNoDelay(true);
            channel.write(ByteBuffer.wrap(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            // Read byte by byte up to the blank line: nothing after the head is taken from the channel.
            String head = RawHttp.readHead(channel.socket().getInputStream());
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("upgrade refused: " + head);
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
        }

        void sendNext() throws IOException {
            if (sent == frames.size()) {
                return;
            }
            ByteBuffer frame = frames.get(sent++);
            sentAt = System.nanoTime();
            while (frame.hasRemaining()) {
                // A frame of a few KB into a socket with nothing else unread by the server: written at once.
                channel.write(frame);
            }
        }

        /** Reads what arrived; for each whole reply (server frames are unmasked, lengths up to 64 KiB), sends the next. */
        void readReplies() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("the server closed a connection after " + sent + " messages");
            }
            in.flip();
            while (in.remaining() >= 2) {
                int opcode = in.get(in.position()) & 0x0F;
                int length = in.get(in.position() + 1) & 0x7F;
                int header = length == 126 ? 4 : 2;
                if (length == 126) {
                    if (in.remaining() < 4) {
                        break;
                    }
                    length = in.getShort(in.position() + 2) & 0xFFFF;
                }
                if (in.remaining() < header + length) {
                    break;
                }
                byte[] payload = new byte[length];
                in.position(in.position() + header).get(payload);
                String reply = new String(payload, StandardCharsets.UTF_8);
                if (opcode == RawWebSocket.TEXT && reply.contains("\"retryable\":true")) {
                    // A device's way with "unavailable" (a store slow to answer on a loaded machine): send it again.
                    retries++;
                    ByteBuffer frame = frames.get(sent - 1).rewind();
                    while (frame.hasRemaining()) {
                        channel.write(frame);
                    }
                    continue;
                }
                if (opcode != RawWebSocket.TEXT || !reply.startsWith("{\"ok\":true")) {
                    throw new IllegalStateException("refused: opcode " + opcode + ", " + reply);
                }
                latencies[answered++] = System.nanoTime() - sentAt;
                if (answered % every == 0) {
                    checkpoint.accept(answered);
                }
                sendNext();
            }
            in.compact();
        }
    }
}
