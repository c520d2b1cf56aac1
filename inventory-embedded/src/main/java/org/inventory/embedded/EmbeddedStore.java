package org.inventory.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.exception.MongoServerException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The zero-setup store: mongo-java-server, speaking the MongoDB wire protocol on 127.0.0.1, so the service
 * reaches it through the driver over TCP exactly as it reaches MongoDB. For trying the service and for
 * tests, not for production: in memory the data is gone when it stops; the H2 file is slow when large.
 *
 * <p>In memory, records are kept compactly as BSON bytes with their {@code _id}s in order ({@link CompactCollection}),
 * and may take half of the JVM's heap: past that, inserts are refused with MongoDB's {@code ExceededMemoryLimit}
 * error, whose message says to set {@code MONGODB_URL}, and {@code dbStats} reports the bound as
 * {@code fsTotalSize}.
 */
public final class EmbeddedStore implements AutoCloseable {
    /** The database the embedded store's URL names, as the container default does. */
    public static final String DATABASE = "test";
    /**
     * Where mongo-java-server logs each command it answered with an error. Held here: the logging framework keeps
     * loggers only weakly, and a logger collected would lose its filter.
     */
    private static final Logger COMMAND_ERRORS = Logger.getLogger("de.bwaldvogel.mongo.wire.MongoWireProtocolHandler");

    private final MongoServer server;
    private final InetSocketAddress address;
    private final Optional<String> file;

    private EmbeddedStore(MongoServer server, InetSocketAddress address, Optional<String> file) {
        this.server = server;
        this.address = address;
        this.file = file;
    }

    /** Starts a store on a free port of 127.0.0.1: in memory, or in the given H2 file. */
    public static EmbeddedStore start(Optional<String> file) {
        return start(file, 0);
    }

    /** Starts a store on the given port of 127.0.0.1 (0: any free one), e.g. to restart one where it was. */
    public static EmbeddedStore start(Optional<String> file, int port) {
        return start(
                file.<MongoBackend>map(OrderedH2Backend::new).orElseGet(() -> new CompactBackend(MemoryBound.ofHeap())),
                file,
                port);
    }

    /** Starts an in-memory store whose records may take at most {@code memoryBound} bytes, e.g. to fill it in a test. */
    static EmbeddedStore startInMemory(long memoryBound) {
        return start(new CompactBackend(new MemoryBound(memoryBound)), Optional.empty(), 0);
    }

    private static EmbeddedStore start(MongoBackend backend, Optional<String> file, int port) {
        quietNetty();
        quietAnsweredErrors();
        var server = new MongoServer(backend);
        try {
            server.bind("127.0.0.1", port);
        } catch (RuntimeException e) {
            server.shutdownNow();
            throw e;
        }
        return new EmbeddedStore(server, server.getLocalAddress(), file);
    }

    /**
     * Netty, under mongo-java-server, reaches for {@code sun.misc.Unsafe}, which Java 24 and later warn about
     * on stderr before the service has said a word. Netty runs without it when told so before its first use;
     * the embedded store is for trying the service and for tests, where that speed does not matter. An explicit
     * {@code -Dio.netty.noUnsafe} still wins.
     */
    private static void quietNetty() {
        if (System.getProperty("io.netty.noUnsafe") == null) {
            System.setProperty("io.netty.noUnsafe", "true");
        }
    }

    /**
     * mongo-java-server logs every command it answers with an error as SEVERE, with its stack trace: a filter
     * with a {@code $size} of {@code "x"}, or a drop of a collection that is not there. MongoDB does not log a
     * client's mistake as an error, and the error goes back to the client, which decides what it means (the service
     * answers a refused filter with a 400). So an error the store answered with is logged at FINE; anything else
     * the store did not expect (a failure that is no MongoDB error) stays SEVERE.
     */
    private static synchronized void quietAnsweredErrors() {
        if (COMMAND_ERRORS.getFilter() != null) {
            return;
        }
        COMMAND_ERRORS.setFilter(record -> {
            if (Level.SEVERE.equals(record.getLevel()) && record.getThrown() instanceof MongoServerException answered) {
                COMMAND_ERRORS.log(Level.FINE, "answered with an error: " + answered.getMessage());
                return false;
            }
            return true;
        });
    }

    /** A connection string for this store; it carries no credentials, which the embedded store cannot check. */
    public String url() {
        return "mongodb://127.0.0.1:" + address.getPort() + "/" + DATABASE;
    }

    public int port() {
        return address.getPort();
    }

    public Optional<String> file() {
        return file;
    }

    /** Closes client connections and the backend; an H2 file is flushed and closed. */
    @Override
    public void close() {
        server.shutdownNow();
    }

    /**
     * Runs a store on its own, e.g. to point a service or a test at a store in another process.
     * Arguments: {@code [port] [h2-file]}.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 27017;
        Optional<String> file = args.length > 1 ? Optional.of(args[1]) : Optional.empty();
        var store = start(file, port);
        Runtime.getRuntime().addShutdownHook(new Thread(store::close, "embedded-store-shutdown"));
        System.out.println("embedded store listening: " + store.url());
        Thread.currentThread().join();
    }
}
