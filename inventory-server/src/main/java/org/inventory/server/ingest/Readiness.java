package org.inventory.server.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One selector for all the device port's sockets, on a thread of its own: it tells a connection when its socket
 * can be read or written, so that no thread waits on a socket that has nothing to say. A connection asks for one
 * readiness at a time ({@link #await}); the selector then stops watching for it until asked again.
 */
final class Readiness implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Readiness.class.getName());

    /** What a socket's owner is told: the operations ({@link SelectionKey#OP_READ}, {@code OP_WRITE}) now ready. */
    interface Ready {
        void ready(int ops);
    }

    private final Selector selector;
    private final Thread thread;

    Readiness() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread =
                Thread.ofPlatform().name("ingest-device-readiness").daemon().start(this::run);
    }

    /** Watches a non-blocking socket for nothing yet; its owner asks with {@link #await}. */
    SelectionKey register(SocketChannel channel, Ready owner) throws IOException {
        return channel.register(selector, 0, owner);
    }

    /** Tells the key's owner once when {@code op} is ready; false (and never) if the socket is closed. */
    boolean await(SelectionKey key, int op) {
        try {
            key.interestOpsOr(op);
        } catch (CancelledKeyException e) {
            return false;
        }
        selector.wakeup(); // a change of interest counts from the next selection
        return true;
    }

    private void run() {
        try {
            while (selector.isOpen()) {
                selector.select(Readiness::fire);
            }
        } catch (ClosedSelectorException e) {
            // closed: done
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "the device port's selector failed", e);
        }
    }

    private static void fire(SelectionKey key) {
        int ops;
        try {
            ops = key.readyOps();
            key.interestOpsAnd(~ops);
        } catch (CancelledKeyException e) {
            return; // closed meanwhile: whoever closed it woke the owner's threads
        }
        try {
            ((Ready) key.attachment()).ready(ops);
        } catch (RuntimeException | OutOfMemoryError e) {
            // One socket's failure (no memory for its thread) must not stop the selector that serves all the others.
            LOG.log(Level.ERROR, "a device port connection could not be served", e);
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
            thread.join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
