package org.inventory.filler.progress;

import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.inventory.filler.client.Tally;

/** What a progress display measures: generated records acknowledged of their count, or a file's bytes read of its size. */
public sealed interface Meter {

    Tally tally();

    /** Generated records: how many of {@code total} the server acknowledged. */
    record Records(long total, Tally tally) implements Meter {}

    /** A file: the bytes read of its size (unknown for standard input); the records go with them. */
    record Bytes(OptionalLong total, LongSupplier read, Tally tally) implements Meter {}
}
