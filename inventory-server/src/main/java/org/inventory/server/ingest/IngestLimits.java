package org.inventory.server.ingest;

/**
 * What the server holds for ingest before it stops reading: per connection (messages parsed but not yet
 * answered) and in total, by records and by message bytes; how much one store write may combine; and how
 * many store writes may run at once.
 */
public record IngestLimits(
        int connectionRecords,
        long connectionBytes,
        long totalBytes,
        int writeRecords,
        long writeBytes,
        int storeWriters) {

    /**
     * A store write combines at most 250 records (about 250 KiB of typical records): enough to make a round
     * trip cheap, and the embedded store spent 13-14 % less CPU per record on such writes than on writes of
     * 1,000, with batches 1.08-1.09x as fast (IngestBenchmark). Writes of 100 cost the driver more per record.
     */
    public static final IngestLimits DEFAULT = new IngestLimits(10_000, 8L << 20, 256L << 20, 250, 16L << 20, 4);

    /**
     * The buffers raised where needed so that one largest message always fits; the total stays within an int
     * of bytes. The write limits stay: a write always takes at least one message, however large.
     */
    public IngestLimits fitting(int maxBatch, int maxMessageBytes) {
        return new IngestLimits(
                Math.max(connectionRecords, maxBatch),
                Math.max(connectionBytes, maxMessageBytes),
                Math.min(Integer.MAX_VALUE, Math.max(totalBytes, maxMessageBytes)),
                writeRecords,
                writeBytes,
                storeWriters);
    }
}
