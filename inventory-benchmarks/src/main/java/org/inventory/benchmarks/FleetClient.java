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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.inventory.testkit.RawHttp;
import org.inventory.testkit.RawWebSocket;

/**
 * A fleet of devices for {@link IngestBenchmark}, {@link TlsBenchmark} and {@link WarmupBenchmark}: many connections,
 * each sending one message and waiting for its ack before the next, all driven by one thread over a selector, so that
 * the clients cost the machine little (as devices on other machines would) beside the server they share it with. Two
 * threads per connection took 25 µs of this machine's CPU per message. A message refused as retryable is sent again,
 * as devices do; any other reply must be ok. Each message's ack latency (from its first sending) is kept, in the
 * order the acks came.
 * With an {@link SSLContext} the devices speak {@code wss://} through the JDK's {@link SSLEngine}: each connection's
 * handshake is made when it opens, before the clock, and each message is encrypted as it is sent, as a device does.
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
        this(port, null, messages);
    }

    /** As {@link #FleetClient(int, List)}, over TLS to {@code localhost} with this context when it is not null. */
    FleetClient(int port, SSLContext tls, List<List<String>> messages) throws IOException {
        selector = Selector.open();
        int total = 0;
        for (List<String> stream : messages) {
            devices.add(new Device(port, tls, stream));
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
        /** What the server said, decrypted: replies, read from the front. */
        private final ByteBuffer in;
        /** Over TLS: the engine, and the encrypted bytes read and to be written. */
        private final SSLEngine engine;

        private final ByteBuffer netIn;
        private final ByteBuffer netOut;
        private int sent;
        private long sentAt;

        Device(int port, SSLContext tls, List<String> messages) throws IOException {
            for (String message : messages) {
                frames.add(ByteBuffer.wrap(RawWebSocket.encode(
                        0x80 | RawWebSocket.TEXT,
                        message.getBytes(StandardCharsets.UTF_8),
                        true,
                        RawWebSocket.MINIMAL_LENGTH)));
            }
            channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            channel.socket().setTcpNoDelay(true);
            String host = tls == null ? "127.0.0.1" : "localhost";
            byte[] upgrade = ("GET / HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            String head;
            if (tls == null) {
                engine = null;
                netIn = null;
                netOut = null;
                in = ByteBuffer.allocate(4096);
                channel.write(ByteBuffer.wrap(upgrade));
                // Read byte by byte up to the blank line: nothing after the head is taken from the channel.
                head = RawHttp.readHead(channel.socket().getInputStream());
            } else {
                engine = tls.createSSLEngine("localhost", port);
                engine.setUseClientMode(true);
                var parameters = engine.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(parameters);
                in = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
                netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                handshake();
                write(ByteBuffer.wrap(upgrade));
                head = readTlsHead();
            }
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
            write(frame);
        }

        /** Writes all of {@code plain}: a frame of a few KB into a socket with nothing else unread by the server. */
        private void write(ByteBuffer plain) throws IOException {
            if (engine == null) {
                while (plain.hasRemaining()) {
                    channel.write(plain);
                }
                return;
            }
            do {
                netOut.clear();
                SSLEngineResult result = engine.wrap(plain, netOut);
                if (result.getStatus() != SSLEngineResult.Status.OK) {
                    throw new SSLException("cannot encrypt a message: " + result);
                }
                flush();
            } while (plain.hasRemaining());
        }

        private void flush() throws IOException {
            netOut.flip();
            while (netOut.hasRemaining()) {
                channel.write(netOut);
            }
        }

        /** Reads what arrived; for each whole reply (server frames are unmasked, lengths up to 64 KiB), sends the next. */
        void readReplies() throws IOException {
            if (engine == null) {
                if (channel.read(in) < 0) {
                    throw new IOException("the server closed a connection after " + sent + " messages");
                }
            } else {
                readTls();
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
                    write(frames.get(sent - 1).rewind());
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

        /** Reads the encrypted bytes that arrived and decrypts every whole TLS record of them into {@link #in}. */
        private void readTls() throws IOException {
            if (channel.read(netIn) < 0) {
                throw new IOException("the server closed a connection after " + sent + " messages");
            }
            netIn.flip();
            try {
                while (netIn.hasRemaining()) {
                    SSLEngineResult result = engine.unwrap(netIn, in);
                    runTasks();
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        break; // the rest of a record is still on its way
                    }
                    if (result.getStatus() != SSLEngineResult.Status.OK) {
                        throw new SSLException("cannot decrypt a reply: " + result);
                    }
                    if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                        write(ByteBuffer.allocate(0));
                    }
                }
            } finally {
                netIn.compact();
            }
        }

        /** The handshake, on the still blocking channel. */
        private void handshake() throws IOException {
            engine.beginHandshake();
            ByteBuffer none = ByteBuffer.allocate(0);
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> {
                        netOut.clear();
                        SSLEngineResult result = engine.wrap(none, netOut);
                        if (result.getStatus() != SSLEngineResult.Status.OK) {
                            throw new SSLException("handshake: " + result);
                        }
                        flush();
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        netIn.flip();
                        SSLEngineResult result = engine.unwrap(netIn, in);
                        netIn.compact();
                        if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && channel.read(netIn) < 0) {
                            throw new SSLException("the server closed the connection in the handshake");
                        } else if (result.getStatus() == SSLEngineResult.Status.CLOSED
                                || result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                            throw new SSLException("handshake: " + result);
                        }
                    }
                    case NEED_TASK -> runTasks();
                    case FINISHED, NOT_HANDSHAKING -> {
                        return;
                    }
                }
            }
        }

        private void runTasks() {
            for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                task.run();
            }
        }

        /** The upgrade's answer up to its blank line; what follows it stays in {@link #in}. */
        private String readTlsHead() throws IOException {
            while (true) {
                String text = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    in.flip().position(end + 4);
                    in.compact();
                    return text.substring(0, end);
                }
                readTls();
            }
        }
    }
}
