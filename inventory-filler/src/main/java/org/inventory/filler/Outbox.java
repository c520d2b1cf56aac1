package org.inventory.filler;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The messages of one lane's partition: the records not sent yet, the messages to send again (lowest records
 * first, always before new ones), and those sent on the current connection and not yet answered, in the order
 * sent, numbered as the server numbers them ({@code seq}, from 1 on each connection).
 */
final class Outbox {
    private final Partition partition;
    private final int batchSize;
    private final PriorityQueue<Batch> resend = new PriorityQueue<>(Comparator.comparingLong(Batch::first));
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    private long next;
    private long seq;

    /** A message on its way, and the number the server will answer it with. */
    private record Sent(long seq, Batch batch) {
    }

    Outbox(Partition partition, int batchSize) {
        this.partition = partition;
        this.batchSize = batchSize;
        this.next = partition.first();
    }

    /** Every record sent and answered. */
    boolean finished() {
        return next == partition.end() && resend.isEmpty() && inFlight.isEmpty();
    }

    /** Something waits to be sent, new or again. */
    boolean hasWork() {
        return next < partition.end() || !resend.isEmpty();
    }

    int inFlight() {
        return inFlight.size();
    }

    /** The message to send next, without taking it: one to send again, else the next new records. */
    Batch peek() {
        return resend.isEmpty() ? new Batch(next, (int) Math.min(batchSize, partition.end() - next), 0) : resend.peek();
    }

    /** Takes the message {@link #peek} gave and counts it as sent on this connection. */
    Batch take() {
        Batch batch = peek();
        if (resend.isEmpty()) {
            next += batch.count();
        } else {
            resend.poll();
        }
        inFlight.add(new Sent(++seq, batch));
        return batch;
    }

    /**
     * The message a reply with this {@code seq} answers: the oldest one waiting.
     *
     * @throws IllegalStateException when the reply is not for that message (the server broke the order)
     */
    Batch answered(long replySeq, int lane) {
        Sent sent = inFlight.peek();
        if (sent == null || replySeq != sent.seq()) {
            throw new IllegalStateException("the server answered message " + replySeq + " on connection " + lane
                    + " while " + (sent == null ? "no message" : "message " + sent.seq()) + " was waiting for a reply");
        }
        return inFlight.poll().batch();
    }

    /** A message answered with a retryable error goes again. */
    void again(Batch batch) {
        resend.add(batch);
    }

    /** The connection is gone: not acknowledged means not known to be stored, so all of it goes again. */
    void connectionLost() {
        for (Sent sent : inFlight) {
            resend.add(sent.batch());
        }
        inFlight.clear();
    }

    /** A new connection numbers its messages from 1 again. */
    void connected() {
        seq = 0;
    }
}
