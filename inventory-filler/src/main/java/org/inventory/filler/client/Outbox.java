package org.inventory.filler.client;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The messages of one lane: the next new one from its {@link Feed}, the messages to send again (lowest records
 * first, always before new ones), and those sent on the current connection and not yet answered, in the order
 * sent, numbered as the server numbers them ({@code seq}, from 1 on each connection).
 */
final class Outbox {
    private final Feed feed;
    private final PriorityQueue<Batch> resend = new PriorityQueue<>(Comparator.comparingLong(Batch::first));
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    /** The feed's next message, taken from it by {@link #peek} and not sent yet. */
    private Batch fresh;

    private boolean feedDone;
    private long seq;

    /** A message on its way, and the number the server will answer it with. */
    private record Sent(long seq, Batch batch) {}

    Outbox(Feed feed) {
        this.feed = feed;
    }

    /** Every record sent and answered. */
    boolean finished() {
        return !hasWork() && inFlight.isEmpty();
    }

    /** Something waits to be sent, new or again. */
    boolean hasWork() {
        return !resend.isEmpty() || fresh() != null;
    }

    private Batch fresh() {
        if (fresh == null && !feedDone) {
            fresh = feed.next();
            feedDone = fresh == null;
        }
        return fresh;
    }

    int inFlight() {
        return inFlight.size();
    }

    /** The message to send next, without taking it: one to send again, else the next new records. */
    Batch peek() {
        return resend.isEmpty() ? fresh() : resend.peek();
    }

    /** Takes the message {@link #peek} gave and counts it as sent on this connection. */
    Batch take() {
        Batch batch = peek();
        if (resend.isEmpty()) {
            fresh = null;
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

    /** A message answered with a retryable error goes again (and so do the parts of a split one). */
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
