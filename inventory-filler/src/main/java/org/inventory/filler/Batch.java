package org.inventory.filler;

/**
 * The records of one message, by index: {@code first} to {@code first + count - 1}. The text is generated
 * again whenever it is sent, so nothing but these numbers is held while a message waits for its reply.
 *
 * @param attempts how many times it was answered with a retryable error
 */
record Batch(long first, int count, int attempts) {

    long last() {
        return first + count - 1;
    }

    Batch retried() {
        return new Batch(first, count, attempts + 1);
    }
}
