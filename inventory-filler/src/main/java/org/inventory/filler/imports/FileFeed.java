package org.inventory.filler.imports;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.ZipException;
import org.inventory.filler.client.Batch;
import org.inventory.filler.client.Feed;
import org.inventory.filler.client.Tally;

/**
 * A file's records as messages, for every connection: read in order when a connection has room for another
 * message, each through the record rules ({@link RecordCheck}); a record they refuse is reported and counted here
 * and never sent; with {@code stopOnError} the first refusal (here or by the server) ends the reading. A message holds up to {@code batchSize} records and {@link #MESSAGE_BUDGET} bytes (a larger
 * record goes alone, for the server to judge). So no more of the file is held than the messages in flight.
 * Thread-safe.
 */
final class FileFeed implements Feed {
    /** Below the server's default message limit (1 MiB), with room for the brackets and commas. */
    static final int MESSAGE_BUDGET = 1_000_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final String name;
    private final RecordReader reader;
    private final RecordCheck check = new RecordCheck();
    private final int batchSize;
    private final boolean stopOnError;
    private final Tally tally;
    private long records;
    private long accepted;
    private boolean ended;
    private String failure;
    /** A record that did not fit the last message's budget, and its line: the first of the next message. */
    private RecordCheck.Accepted carried;

    private long carriedLine;

    FileFeed(String name, RecordReader reader, int batchSize, boolean stopOnError, Tally tally) {
        this.name = name;
        this.reader = reader;
        this.batchSize = batchSize;
        this.stopOnError = stopOnError;
        this.tally = tally;
    }

    @Override
    public Batch next() {
        lock.lock();
        try {
            var texts = new ArrayList<String>();
            var lines = new long[batchSize];
            long bytes = 0;
            if (carried != null) {
                texts.add(carried.json());
                lines[0] = carriedLine;
                bytes = carried.bytes();
                carried = null;
            }
            while (texts.size() < batchSize && !ended && !halted()) {
                // (After a refusal under --stop-on-error, the records read before it still go, and no more are read.)
                FileRecord record = read();
                if (record == null) {
                    break;
                }
                records++;
                RecordCheck.Outcome outcome = switch (record) {
                    case FileRecord.Json json -> check.check(json);
                    case FileRecord.Refused refused -> refused.refusal();
                };
                if (outcome instanceof LineRefusal refusal) {
                    tally.refused(1, refusal.line(), refusal.text());
                    continue;
                }
                var ok = (RecordCheck.Accepted) outcome;
                if (!texts.isEmpty() && bytes + ok.bytes() + 1 > MESSAGE_BUDGET) {
                    carried = ok;
                    carriedLine = record.line();
                    return chunk(texts, lines);
                }
                lines[texts.size()] = record.line();
                texts.add(ok.json());
                bytes += ok.bytes() + 1;
            }
            return texts.isEmpty() ? null : chunk(texts, lines);
        } finally {
            lock.unlock();
        }
    }

    private Batch chunk(List<String> texts, long[] lines) {
        var chunk = new FileChunk(accepted, texts, java.util.Arrays.copyOf(lines, texts.size()));
        accepted += texts.size();
        return chunk.batch();
    }

    /** The next record; at the end, or when the file cannot be read further, null (and {@link #failure} says why). */
    private FileRecord read() {
        try {
            FileRecord record = reader.next();
            ended = record == null;
            return record;
        } catch (Unreadable e) {
            failure = name + " cannot be read past " + e.getMessage();
        } catch (EOFException e) {
            failure = name + " ends early, after line " + reader.line() + ": it is cut off (" + e.getMessage() + ")";
        } catch (ZipException e) {
            failure = name + " is not valid gzip after line " + reader.line() + ": " + e.getMessage();
        } catch (IOException e) {
            failure = "cannot read " + name + " after line " + reader.line() + ": " + e.getMessage();
        }
        ended = true;
        return null;
    }

    /** Whether reading stopped at a refused record (--stop-on-error). */
    boolean halted() {
        return stopOnError && tally.refused() > 0;
    }

    /** Records read so far, sent or refused. */
    long records() {
        lock.lock();
        try {
            return records;
        } finally {
            lock.unlock();
        }
    }

    /** Why the file could not be read to its end, if it could not. */
    Optional<String> failure() {
        lock.lock();
        try {
            return Optional.ofNullable(failure);
        } finally {
            lock.unlock();
        }
    }
}
