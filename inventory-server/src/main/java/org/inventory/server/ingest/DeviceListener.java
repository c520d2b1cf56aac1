package org.inventory.server.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.inventory.server.http.ClientAddress;

/**
 * The device port ({@code INVENTORY_DEVICE_PORT}): ingest WebSockets alone, each a {@link DeviceConnection} that
 * holds no thread and no buffer while its device is silent, so that an instance holds a large fleet of idle
 * devices in little memory. The API port's ingest is Helidon's connection model, a virtual thread blocked in a
 * read and an 8 KiB buffer for each connection's whole life. Both share the sessions, their limits and the drain.
 */
public final class DeviceListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DeviceListener.class.getName());
    /** As on the API port: a connection that sends no frame for this long is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private static final Duration IDLE_CHECK = Duration.ofMinutes(1);

    private final ServerSocketChannel server;
    private final Readiness readiness = new Readiness();
    private final BufferPool buffers = new BufferPool(256);
    private final DeviceHandshake handshake;
    private final int maxMessageBytes;
    private final Semaphore sockets;
    private final Set<DeviceConnection> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final Thread idleCheck;
    private volatile boolean closing;

    private DeviceListener(ServerSocketChannel server, DeviceHandshake handshake, int maxMessageBytes, int maxSockets) {
        this.server = server;
        this.handshake = handshake;
        this.maxMessageBytes = maxMessageBytes;
        this.sockets = new Semaphore(maxSockets);
        this.acceptor =
                Thread.ofPlatform().name("ingest-device-accept").daemon().start(this::accept);
        this.idleCheck = Thread.ofVirtual().name("ingest-device-idle").start(this::closeIdle);
    }

    /** Listens on {@code host:port} (0: any free port); takes at most {@code maxSockets} TCP connections at once. */
    static DeviceListener start(String host, int port, DeviceHandshake handshake, int maxMessageBytes, int maxSockets) {
        try {
            ServerSocketChannel server = ServerSocketChannel.open();
            try {
                server.bind(new InetSocketAddress(host, port), 1024);
            } catch (IOException e) {
                server.close();
                throw new UncheckedIOException("cannot listen on the device port " + host + ":" + port, e);
            }
            return new DeviceListener(server, handshake, maxMessageBytes, maxSockets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept() {
        while (!closing) {
            try {
                // Beyond its bound a connection waits in the listen backlog: an accept that failed for want of
                // a file descriptor would only be tried again at once.
                sockets.acquire();
            } catch (InterruptedException e) {
                return;
            }
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                sockets.release();
                // Out of descriptors (the server's other sockets and files took them): try again shortly.
                LOG.log(Level.WARNING, "the device port could not accept a connection: " + e.getMessage());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                var connection = new DeviceConnection(
                        channel,
                        ClientAddress.of(channel.getRemoteAddress()),
                        readiness,
                        buffers,
                        handshake,
                        maxMessageBytes,
                        this::closed);
                open.add(connection);
                connection.start();
                if (closing) {
                    connection.abort();
                }
            } catch (IOException e) {
                // Gone before it was set up.
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing left to do with it
                }
            }
        }
    }

    private void closed(DeviceConnection connection) {
        if (open.remove(connection)) {
            sockets.release();
        }
    }

    /** Closes, once a minute, the connections silent for longer than {@link #IDLE_TIMEOUT}, without a Close. */
    private void closeIdle() {
        try {
            while (!closing) {
                Thread.sleep(IDLE_CHECK);
                closeSilent(IDLE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /**
     * Closes the connections that sent no frame for longer than {@code silence} and wait for their device, also
     * one stopped in the middle of its handshake or of a frame, whose reading thread would wait for good; returns
     * how many.
     */
    int closeSilent(Duration silence) {
        int closed = 0;
        for (DeviceConnection connection : open) {
            if (connection.waitsForDevice() && connection.idleNanos() > silence.toNanos()) {
                connection.abort();
                closed++;
            }
        }
        return closed;
    }

    /** Open connections of this port. */
    int connections() {
        return open.size();
    }

    /** Open connections a thread serves now (reading, or storing a message); O(connections), for a scrape. */
    int reading() {
        return (int) open.stream().filter(DeviceConnection::served).count();
    }

    /** Open connections whose reading thread waits for the rest of a handshake or a frame. */
    int waitingForBytes() {
        return (int) open.stream().filter(DeviceConnection::waitsForBytes).count();
    }

    /**
     * Stops accepting and closes every connection at once; after the sessions' drain ({@link
     * WebSocketIngest#shutdown}), which answered what they held and sent each its 1001.
     */
    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the device port: " + e.getMessage());
        }
        acceptor.interrupt();
        idleCheck.interrupt();
        for (DeviceConnection connection : List.copyOf(open)) {
            connection.abort();
        }
        readiness.close();
    }
}
