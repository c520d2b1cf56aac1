package org.inventory.filler;

/** Hands a lane the messages it sends, new ones only (its {@link Outbox} keeps those to send again). */
interface Feed {

    /** The next message to send, or null when there is no more. */
    Batch next();
}
