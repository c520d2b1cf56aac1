package org.inventory.filler.client;

/** Hands a lane the messages it sends, new ones only (its {@link Outbox} keeps those to send again). */
public interface Feed {

    /** The next message to send, or null when there is no more. */
    Batch next();
}
