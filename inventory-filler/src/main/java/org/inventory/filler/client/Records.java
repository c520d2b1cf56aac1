package org.inventory.filler.client;

/**
 * Where the records of messages come from: their JSON text by number, and how a refusal of some of them is told.
 * Generated records are made again from their number; records read from a file are held until answered.
 */
public interface Records {

    /** The message of records {@code first} to {@code first + count - 1}: an array, or when not, the one record. */
    String message(long first, int count, boolean array);

    /**
     * Whether a refused message of several records is split until the server names the record at fault, so that
     * the others are still stored (a file's records), rather than failed whole (generated ones, which keep the rules).
     */
    boolean isolatesRefusals();

    /** What the user is told about a refused message of these records. */
    String refusal(Batch batch, Reply.Error error);

    /** Where a record comes in the order refusals are reported in: its number, or for a file its line. */
    default long order(long record) {
        return record;
    }
}
