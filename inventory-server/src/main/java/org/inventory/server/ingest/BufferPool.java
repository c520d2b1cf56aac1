package org.inventory.server.ingest;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The device port's read buffers: a connection takes one for a single read and gives it back at once, so a
 * thousand idle sockets hold none, and the socket's bytes land in native memory once (a heap buffer would have
 * the JDK copy them through a native one of its own first).
 */
final class BufferPool {
    /** Up to a kernel's usual receive window in one read: a batch of records arrives in a few reads. */
    static final int BUFFER_BYTES = 64 * 1024;

    private final ArrayBlockingQueue<ByteBuffer> free;

    /** Keeps up to {@code kept} buffers for reuse: about as many as reads run at once. */
    BufferPool(int kept) {
        this.free = new ArrayBlockingQueue<>(kept);
    }

    ByteBuffer take() {
        ByteBuffer buffer = free.poll();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(BUFFER_BYTES);
    }

    void give(ByteBuffer buffer) {
        buffer.clear();
        free.offer(buffer); // beyond what is kept, the collector frees it
    }
}
