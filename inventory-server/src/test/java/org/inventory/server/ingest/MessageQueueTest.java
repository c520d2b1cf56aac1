package org.inventory.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The queue between a connection's reader and its writer: order, runs that fit one store write, the bounds per
 * connection and for the whole server, the reader's way past the queue, and how it ends (finish, close).
 * Waiting threads are seen by their state, never by sleeping.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessageQueueTest {
    private static final RawBsonDocument RECORD = RawBsonDocument.parse("{\"a\":1}");
    /** 10 records or 1,000 bytes per connection, 10,000 bytes for the server, 4 records or 300 bytes per store write. */
    private static final IngestLimits LIMITS = new IngestLimits(10, 1000, 10_000, 4, 300, 1);

    private final Semaphore shared = new Semaphore(10_000, true);
    private final AtomicInteger waitingReaders = new AtomicInteger();
    private final MessageQueue queue = new MessageQueue(LIMITS, shared, waitingReaders);

    @Test
    void messages_come_out_in_the_order_they_were_put_in_runs_that_fit_one_store_write() throws Exception {
        for (int seq = 1; seq <= 10; seq++) {
            queue.put(message(seq, 1, 10));
        }

        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(takeAndRelease()));
        assertEquals(List.of(5L, 6L, 7L, 8L), seqs(takeAndRelease()));
        assertEquals(List.of(9L, 10L), seqs(takeAndRelease()));
    }

    @Test
    void a_run_ends_before_the_message_that_would_pass_the_write_records_or_bytes() throws Exception {
        queue.put(message(1, 2, 10));
        queue.put(message(2, 2, 10));
        queue.put(message(3, 1, 100)); // 5 records with the first two
        queue.put(message(4, 1, 150));
        queue.put(message(5, 1, 100)); // 350 bytes with the two before

        assertEquals(List.of(1L, 2L), seqs(takeAndRelease()));
        assertEquals(List.of(3L, 4L), seqs(takeAndRelease()));
        assertEquals(List.of(5L), seqs(takeAndRelease()));
    }

    @Test
    void a_message_larger_than_a_store_write_or_the_connections_bounds_is_a_run_of_its_own() throws Exception {
        queue.put(message(1, 50, 5000)); // an empty queue takes any message, so that progress never stops

        assertEquals(List.of(1L), seqs(takeAndRelease()));
    }

    @Test
    void the_reader_waits_while_the_connection_holds_its_records_until_they_are_answered() throws Exception {
        queue.put(message(1, 6, 10));
        queue.put(message(2, 4, 10));
        var third = Background.run(() -> queue.put(message(3, 1, 10)));
        third.awaitWaiting();
        assertEquals(1, waitingReaders.get(), "a reader that waits for room is counted");

        List<PendingMessage> run = queue.takeRun();
        assertEquals(List.of(1L), seqs(run));
        assertTrue(third.isWaiting(), "a message taken but not answered still holds its room");
        queue.release(run);
        third.awaitDone();
        assertEquals(0, waitingReaders.get());

        assertEquals(List.of(2L), seqs(takeAndRelease()));
        assertEquals(List.of(3L), seqs(takeAndRelease()));
    }

    @Test
    void the_reader_waits_while_the_connection_holds_its_bytes_until_they_are_answered() throws Exception {
        queue.put(message(1, 1, 600));
        queue.put(message(2, 1, 400));
        var third = Background.run(() -> queue.put(message(3, 1, 1)));
        third.awaitWaiting();

        queue.release(queue.takeRun());
        third.awaitDone();

        assertEquals(List.of(2L), seqs(takeAndRelease()));
        assertEquals(List.of(3L), seqs(takeAndRelease()));
    }

    @Test
    void the_shared_budget_makes_a_connection_wait_for_the_room_others_hold() throws Exception {
        var shared = new Semaphore(500, true);
        var first = new MessageQueue(LIMITS, shared, waitingReaders);
        var second = new MessageQueue(LIMITS, shared, waitingReaders);
        first.put(message(1, 1, 400));
        var waiting = Background.run(() -> second.put(message(1, 1, 200)));
        waiting.awaitWaiting();
        assertEquals(1, waitingReaders.get(), "a reader that waits for the server's room is counted");

        first.release(first.takeRun());
        waiting.awaitDone();
        assertEquals(0, waitingReaders.get());

        assertEquals(300, shared.availablePermits());
        assertEquals(List.of(1L), seqs(second.takeRun()));
    }

    @Test
    void every_message_holds_at_least_one_permit_of_the_shared_budget_until_it_is_answered() throws Exception {
        queue.put(message(1, 0, 0));
        queue.put(message(2, 1, 250));
        assertEquals(10_000 - 1 - 250, shared.availablePermits());

        takeAndRelease();

        assertEquals(10_000, shared.availablePermits());
    }

    @Test
    void the_reader_takes_a_message_past_the_queue_only_when_the_connection_holds_nothing() throws Exception {
        PendingMessage alone = message(1, 1, 100);
        assertTrue(queue.takeAlone(alone));
        assertEquals(10_000 - 100, shared.availablePermits(), "held as a queued message would be");
        assertFalse(queue.takeAlone(message(2, 1, 10)), "the first is not answered yet");

        queue.release(List.of(alone));
        queue.put(message(3, 1, 10));

        assertFalse(queue.takeAlone(message(4, 1, 10)), "a message waits in the queue");
        assertEquals(10_000 - 10, shared.availablePermits(), "a message not taken holds nothing");
    }

    @Test
    void the_reader_never_waits_to_take_a_message_alone_when_the_shared_budget_is_spent() throws Exception {
        var shared = new Semaphore(50, true);
        var queue = new MessageQueue(LIMITS, shared, new AtomicInteger());

        assertFalse(queue.takeAlone(message(1, 1, 100)));
        assertEquals(50, shared.availablePermits());
    }

    @Test
    void a_finishing_or_closed_queue_takes_no_message_alone() throws Exception {
        var closed = new MessageQueue(LIMITS, shared, new AtomicInteger());
        closed.close();
        queue.finish();

        assertFalse(queue.takeAlone(message(1, 1, 10)));
        assertFalse(closed.takeAlone(message(1, 1, 10)));
        assertEquals(10_000, shared.availablePermits());
    }

    @Test
    void a_run_is_polled_only_once_a_quarter_of_a_store_write_waits() throws Exception {
        var queue = new MessageQueue(new IngestLimits(100, 10_000, 10_000, 8, 800, 1), shared, new AtomicInteger());
        queue.put(message(1, 1, 10));
        assertEquals(List.of(), queue.pollLargeRun(), "1 record of 8, 10 bytes of 800");
        queue.put(message(2, 1, 10));
        assertEquals(List.of(1L, 2L), seqs(queue.pollLargeRun()), "2 records of 8");

        queue.put(message(3, 1, 200));
        assertEquals(List.of(3L), seqs(queue.pollLargeRun()), "200 bytes of 800");
        assertEquals(List.of(), queue.pollLargeRun());
    }

    @Test
    void the_writer_waits_for_a_message_and_takes_it_when_it_comes() throws Exception {
        var runs = new ArrayList<List<PendingMessage>>();
        var writer = Background.run(() -> runs.add(queue.takeRun()));
        writer.awaitWaiting();

        queue.put(message(1, 1, 10));
        writer.awaitDone();

        assertEquals(
                List.of(List.of(1L)), runs.stream().map(MessageQueueTest::seqs).toList());
    }

    @Test
    void a_finishing_queue_hands_out_what_is_queued_then_an_empty_run() throws Exception {
        queue.put(message(1, 3, 10));
        queue.put(message(2, 3, 10));
        queue.finish();

        assertEquals(List.of(1L), seqs(takeAndRelease()));
        assertEquals(List.of(2L), seqs(takeAndRelease()));
        assertEquals(List.of(), queue.takeRun());
    }

    @Test
    void a_finishing_writer_waits_for_the_message_the_reader_took_alone_to_be_answered() throws Exception {
        PendingMessage alone = message(1, 1, 10);
        assertTrue(queue.takeAlone(alone));
        queue.finish();
        var runs = new ArrayList<List<PendingMessage>>();
        var writer = Background.run(() -> runs.add(queue.takeRun()));
        writer.awaitWaiting();

        queue.release(List.of(alone));
        writer.awaitDone();

        assertEquals(List.of(List.of()), runs);
    }

    @Test
    void closing_drops_what_is_queued_gives_its_shared_room_back_and_wakes_the_writer() throws Exception {
        queue.put(message(1, 1, 100));
        List<PendingMessage> taken = queue.takeRun();
        queue.put(message(2, 1, 200));
        queue.put(message(3, 1, 300));

        queue.close();

        assertEquals(10_000 - 100, shared.availablePermits(), "the taken message is held until it is answered");
        assertEquals(List.of(), queue.takeRun());
        queue.release(taken);
        assertEquals(10_000, shared.availablePermits());
        assertEquals(List.of(), queue.pollLargeRun());
    }

    @Test
    void closing_wakes_a_writer_that_waits_for_work() throws Exception {
        var runs = new ArrayList<List<PendingMessage>>();
        var writer = Background.run(() -> runs.add(queue.takeRun()));
        writer.awaitWaiting();

        queue.close();
        writer.awaitDone();

        assertEquals(List.of(List.of()), runs);
    }

    @Test
    void closing_wakes_a_reader_that_waits_for_room_and_its_message_is_dropped() throws Exception {
        queue.put(message(1, 10, 10));
        var reader = Background.run(() -> queue.put(message(2, 1, 500)));
        reader.awaitWaiting();

        queue.close();
        reader.awaitDone();

        assertEquals(10_000, shared.availablePermits());
        assertEquals(List.of(), queue.takeRun());
    }

    @Test
    void a_message_put_after_closing_is_dropped_and_holds_nothing() throws Exception {
        queue.close();

        queue.put(message(1, 1, 100));

        assertEquals(10_000, shared.availablePermits());
        assertEquals(List.of(), queue.takeRun());
    }

    @Test
    void a_reader_interrupted_while_it_waits_for_room_gives_its_shared_room_back() throws Exception {
        queue.put(message(1, 10, 10));
        var reader = Background.run(() -> queue.put(message(2, 1, 500)));
        reader.awaitWaiting();

        reader.thread.interrupt();
        reader.awaitDone();

        assertInstanceOf(InterruptedException.class, reader.failure);
        assertEquals(0, waitingReaders.get(), "an interrupted reader waits no more");
        assertEquals(10_000 - 10, shared.availablePermits(), "only the queued message holds shared room");
        assertEquals(List.of(1L), seqs(takeAndRelease()));
        assertEquals(10_000, shared.availablePermits());
    }

    private List<PendingMessage> takeAndRelease() throws InterruptedException {
        List<PendingMessage> run = queue.takeRun();
        queue.release(run);
        return run;
    }

    private static PendingMessage message(long seq, int records, long bytes) {
        return PendingMessage.accepted(seq, Collections.nCopies(records, RECORD), bytes);
    }

    private static List<Long> seqs(List<PendingMessage> run) {
        return run.stream().map(PendingMessage::seq).toList();
    }

    interface Action {
        void run() throws Exception;
    }

    /** An action on a thread of its own, whose waiting the test observes by the thread's state. */
    static final class Background {
        final Thread thread;
        volatile Throwable failure;

        private Background(Action action) {
            thread = Thread.ofPlatform().daemon().unstarted(() -> {
                try {
                    action.run();
                } catch (Throwable e) {
                    failure = e;
                }
            });
        }

        static Background run(Action action) {
            var background = new Background(action);
            background.thread.start();
            return background;
        }

        boolean isWaiting() {
            Thread.State state = thread.getState();
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        }

        /** Until the thread waits (on a lock's condition or the shared semaphore); the class's timeout bounds it. */
        void awaitWaiting() throws InterruptedException {
            while (!isWaiting()) {
                assertTrue(thread.isAlive(), "the action ended instead of waiting: " + failure);
                // A poll of the thread's state, not a wait for time: a millisecond between looks spares the core.
                Thread.sleep(1);
            }
        }

        void awaitDone() throws InterruptedException {
            assertTrue(thread.join(java.time.Duration.ofSeconds(10)), "the action still waits");
            if (!(failure instanceof InterruptedException)) {
                assertNull(failure);
            }
        }
    }
}
