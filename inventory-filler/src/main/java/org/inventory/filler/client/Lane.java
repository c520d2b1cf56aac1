package org.inventory.filler.client;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;

/**
 * One connection's share of the load: sends the messages its {@link Feed} hands it (its {@link Outbox} keeps
 * them), at most {@code window} of them awaiting replies, each reply matched to its message by {@code seq}. A
 * retryable error sends the message again after a backoff; a dropped connection is opened again and every message
 * not yet acknowledged is sent again (safe: the records' {@code _id}s are fixed, so what was stored already comes
 * back as a duplicate). A refused message of a file's records is split until the server names the record at
 * fault, and the others go again. Gives up when nothing is acknowledged for {@code timeout}, and at once when the
 * very first upgrade is refused with a client error (wrong URL or token).
 *
 * <p>All state is confined to the thread that calls {@link #run}; the WebSocket library's threads only put
 * events on a queue.
 */
final class Lane {
    private static final long MAX_CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final String NO_REPLY = "no reply from the server";

    private final int number;
    private final IngestOptions options;
    private final RateLimiter rateLimiter;
    private final Tally tally;
    private final Notes notes;
    private final Backoff backoff = Backoff.DEFAULT;
    private final SplittableRandom jitter = new SplittableRandom();
    private final long timeoutNanos;
    private final BlockingQueue<SocketEvent> events = new LinkedBlockingQueue<>();
    private final Outbox outbox;

    private IngestSocket socket;
    private boolean open;
    private boolean everOpened;
    private int failedConnections;
    private long reconnectAt;
    private long pausedUntil;
    private boolean rateReserved;
    private long sendAt;
    private long lastProgress;
    /** Something went wrong since the last acknowledgement: the no-progress clock keeps running. */
    private boolean troubled;

    private String problem = NO_REPLY;

    /** Ends {@link #run} with a reason for the user. */
    private static final class GiveUp extends RuntimeException {
        GiveUp(String reason) {
            super(reason, null, false, false);
        }
    }

    Lane(int number, Feed feed, IngestOptions options, RateLimiter rateLimiter, Tally tally, Notes notes) {
        this.number = number;
        this.options = options;
        this.rateLimiter = rateLimiter;
        this.tally = tally;
        this.notes = notes;
        this.timeoutNanos = options.timeout().toNanos();
        this.outbox = new Outbox(feed);
    }

    /** Asks {@link #run} to stop soon, e.g. because another connection gave up. */
    void abort(String reason) {
        events.add(new SocketEvent.Aborted(reason));
    }

    /**
     * Sends the partition and returns when every record of it was answered (acknowledged or refused), or
     * with the reason it gave up.
     */
    Optional<String> run() throws InterruptedException {
        long start = System.nanoTime();
        // nanoTime values are only comparable by difference, so every clock field starts from a real reading.
        lastProgress = start;
        reconnectAt = start;
        pausedUntil = start;
        try {
            while (!outbox.finished()) {
                long now = System.nanoTime();
                if (socket == null && now - reconnectAt >= 0) {
                    connect();
                }
                if (open && !troubled && outbox.inFlight() == 0) {
                    // Nothing owed and nothing wrong: a wait until now was for --rate, not for the server, and
                    // what goes out next gets the whole timeout from now.
                    lastProgress = now;
                }
                if (open) {
                    sendWhatFits(now);
                }
                long stallDeadline = lastProgress + timeoutNanos;
                if (now - stallDeadline >= 0) {
                    throw new GiveUp(problem + "; gave up after " + Durations.format(options.timeout())
                            + " without progress (--timeout)");
                }
                SocketEvent event = events.poll(Math.max(0, wakeAt(now, stallDeadline) - now), TimeUnit.NANOSECONDS);
                for (; event != null; event = events.poll()) {
                    handle(event);
                }
            }
            return Optional.empty();
        } catch (GiveUp e) {
            return Optional.of(e.getMessage());
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** When to look again if no event comes: the next reconnect, the end of a pause, or the stall deadline. */
    private long wakeAt(long now, long stallDeadline) {
        long wake = stallDeadline;
        if (socket == null) {
            wake = earlier(wake, reconnectAt);
        } else if (open && outbox.hasWork() && outbox.inFlight() < options.window()) {
            if (pausedUntil - now > 0) {
                wake = earlier(wake, pausedUntil);
            } else if (rateReserved) {
                wake = earlier(wake, sendAt);
            }
        }
        return wake;
    }

    private static long earlier(long a, long b) {
        return a - b < 0 ? a : b;
    }

    private void connect() {
        long connectTimeout = Math.min(options.timeout().toMillis(), MAX_CONNECT_TIMEOUT_MILLIS);
        socket = new IngestSocket(options.url(), options.headers(), options.tls(), (int) connectTimeout, events::add);
        open = false;
        try {
            socket.connect();
        } catch (RuntimeException e) {
            events.add(new SocketEvent.Closed(socket, CloseFrame.NEVER_CONNECTED, e.getMessage(), false, e));
        }
    }

    private void sendWhatFits(long now) {
        while (open && outbox.inFlight() < options.window() && outbox.hasWork() && pausedUntil - now <= 0) {
            if (!rateReserved) {
                sendAt = now + rateLimiter.reserve(outbox.peek().count());
                rateReserved = true;
            }
            if (sendAt - now > 0) {
                return;
            }
            rateReserved = false;
            Batch batch = outbox.take();
            try {
                socket.send(batch.message(options.arrays()));
            } catch (WebsocketNotConnectedException e) {
                // The connection is closing: its Closed event puts this message back to be sent again.
            }
        }
    }

    private void handle(SocketEvent event) {
        switch (event) {
            case SocketEvent.Aborted aborted -> throw new GiveUp(aborted.reason());
            case SocketEvent.Opened opened when opened.socket() == socket -> opened();
            case SocketEvent.Received received when received.socket() == socket -> replied(received.text());
            case SocketEvent.Closed closed when closed.socket() == socket -> closed(closed);
            default -> {
                // From a connection given up earlier: nothing to do with the current one.
            }
        }
    }

    private void opened() {
        open = true;
        outbox.connected();
        if (everOpened) {
            tally.countReconnect();
            notes.note("connection " + number + ": connected again; sending again what was not acknowledged");
        }
        everOpened = true;
    }

    private void replied(String text) {
        Reply reply;
        try {
            reply = Reply.parse(text);
        } catch (IllegalArgumentException e) {
            throw new GiveUp(e.getMessage());
        }
        Batch batch;
        try {
            batch = outbox.answered(reply.seq(), number);
        } catch (IllegalStateException e) {
            throw new GiveUp(e.getMessage());
        }
        long now = System.nanoTime();
        if (reply.ok()) {
            tally.accepted(batch.count(), reply);
            lastProgress = now;
            troubled = false;
            problem = NO_REPLY;
            failedConnections = 0;
        } else if (reply.error().retryable()) {
            Batch again = batch.retried();
            outbox.again(again);
            tally.countRetry();
            long retryAfter = reply.error().retryAfterMillis();
            // A server that says when (a credential over its rate) is waited for as told; anything else backs off.
            long delay = retryAfter >= 0
                    ? TimeUnit.MILLISECONDS.toNanos(retryAfter)
                    : backoff.delayNanos(again.attempts(), jitter);
            pausedUntil = Math.max(pausedUntil - now, delay) + now;
            problem = "the server answered " + reply.error().code() + ": "
                    + reply.error().message();
            if (!troubled) {
                notes.note("connection " + number + ": " + problem
                        + (retryAfter >= 0 ? "; waiting as told" : "; retrying with backoff"));
            }
            troubled = true;
        } else {
            if (batch.count() > 1
                    && batch.records().isolatesRefusals()
                    && reply.error().aboutTheRecords()) {
                isolate(batch, reply.error());
            } else {
                tally.refused(
                        batch.count(),
                        batch.records().order(batch.first()),
                        batch.records().refusal(batch, reply.error()));
            }
            // A refusal is still an answer: the server is working.
            lastProgress = now;
        }
    }

    /**
     * Sends the records of a refused message again but for the one the server named, which is refused alone; when
     * it named none (e.g. {@code message_too_large}), sends the message again in two halves.
     */
    private void isolate(Batch batch, Reply.Error error) {
        if (error.index() >= 0 && error.index() < batch.count()) {
            long bad = batch.first() + error.index();
            Batch refused = batch.slice(bad, 1);
            tally.refused(1, batch.records().order(bad), batch.records().refusal(refused, error));
            if (bad > batch.first()) {
                outbox.again(batch.slice(batch.first(), (int) (bad - batch.first())));
            }
            if (bad < batch.last()) {
                outbox.again(batch.slice(bad + 1, (int) (batch.last() - bad)));
            }
        } else {
            int half = batch.count() / 2;
            outbox.again(batch.slice(batch.first(), half));
            outbox.again(batch.slice(batch.first() + half, batch.count() - half));
        }
    }

    private void closed(SocketEvent.Closed closed) {
        boolean wasOpen = open;
        open = false;
        socket = null;
        outbox.connectionLost();
        if (closed.code() == CloseFrame.TOOBIG) {
            throw new GiveUp("the server closed the connection because a message was too large (status 1009);"
                    + " use a smaller --batch-size");
        }
        Optional<Integer> status = closed.refusedUpgradeStatus();
        // Before the first connection a client error means the URL or the token is wrong: retrying cannot help.
        // Once the same URL and token have worked, it is passing (a server shutting down also refuses upgrades).
        if (status.isPresent() && !everOpened && clientError(status.get())) {
            throw new GiveUp(
                    "the server refused the WebSocket upgrade at " + options.url() + " with HTTP " + status.get() + "; "
                            + upgradeHint(status.get(), options.token().isPresent()));
        }
        problem = (wasOpen ? "connection lost: " : "cannot connect to " + options.url() + ": ") + closed.describe();
        if (wasOpen || !troubled) {
            notes.note("connection " + number + ": " + problem + "; reconnecting");
        }
        troubled = true;
        failedConnections++;
        reconnectAt = System.nanoTime() + backoff.delayNanos(failedConnections, jitter);
    }

    /** What to check when the first upgrade is refused with this client error status. */
    private static String upgradeHint(int status, boolean tokenGiven) {
        String token = tokenGiven ? "the --token was not accepted" : "it requires a --token";
        return switch (status) {
            case 401, 403 -> token;
            case 404 -> "check the path of --url";
            default -> "check --url, and --token if the server requires one";
        };
    }

    /** A client error other than a timeout or too many requests. */
    private static boolean clientError(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }
}
