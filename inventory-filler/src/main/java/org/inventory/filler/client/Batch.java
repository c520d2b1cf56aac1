package org.inventory.filler.client;

/**
 * The records of one message, by number: {@code first} to {@code first + count - 1}, their text from
 * {@code records}. Generated records are made again whenever sent, so only these numbers are held while a message
 * waits for its reply.
 *
 * @param attempts how many times it was answered with a retryable error
 */
public record Batch(long first, int count, int attempts, Records records) {

    public long last() {
        return first + count - 1;
    }

    Batch retried() {
        return new Batch(first, count, attempts + 1, records);
    }

    /** The message's text: an array of its records, or the single record when {@code array} is false. */
    String message(boolean array) {
        return records.message(first, count, array);
    }

    /** Records {@code from} to {@code from + count - 1} of this message, as a message of their own. */
    Batch slice(long from, int count) {
        if (from < first || from + count > first + this.count || count < 1) {
            throw new IllegalArgumentException("records " + from + "+" + count + " are not in " + this);
        }
        return new Batch(from, count, 0, records);
    }
}
