package org.inventory.filler.generate;

import org.inventory.filler.client.Batch;
import org.inventory.filler.client.Feed;
import org.inventory.filler.client.Records;

/** A connection's share of the generated records, in messages of {@code batchSize}. */
final class PartitionFeed implements Feed {
    private final Partition partition;
    private final int batchSize;
    private final Records records;
    private long next;

    PartitionFeed(Partition partition, int batchSize, Records records) {
        this.partition = partition;
        this.batchSize = batchSize;
        this.records = records;
        this.next = partition.first();
    }

    @Override
    public Batch next() {
        if (next == partition.end()) {
            return null;
        }
        var batch = new Batch(next, (int) Math.min(batchSize, partition.end() - next), 0, records);
        next += batch.count();
        return batch;
    }
}
