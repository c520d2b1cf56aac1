package org.inventory.filler;

/** Hands a lane the messages it sends, new ones only (its {@link Outbox} keeps those to send again). */
interface Feed {

    /** The next message to send, or null when there is no more. */
    Batch next();

    /** True once the load is to stop: what was not sent yet is dropped (--stop-on-error after a refusal). */
    default boolean halted() {
        return false;
    }
}
