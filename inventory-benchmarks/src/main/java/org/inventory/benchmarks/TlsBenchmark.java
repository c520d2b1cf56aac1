package org.inventory.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.RawWebSocket;
import org.inventory.testkit.StoreProcess;
import org.inventory.testkit.TestCertificates;
import org.inventory.testkit.TestEnv;

/**
 * What TLS costs: ingest at 100 records (of about 1 KB) per message over 4 connections with 16 messages in flight each,
 * plain and over TLS (an EC P-256 certificate, TLS 1.3), in alternating rounds against the same server build and
 * store (the embedded in-memory store in a process of its own); and new TLS connections (full handshakes, no session
 * resumed) per second from 1 and 4 client threads. Clients and servers share this machine's CPUs, so the handshake
 * figure is a floor, and the ratio is what matters. Certificates are made by {@code openssl} for the run.
 * Arguments: {@code [records per path] [rounds] [handshake seconds]}.
 */
public final class TlsBenchmark {
    private static final int BATCH = 100;
    private static final int CONNECTIONS = 4;
    private static final int WINDOW = 16;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private TlsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int handshakeSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String unavailable = TestCertificates.unavailable();
        if (unavailable != null) {
            System.out.println("TlsBenchmark: " + unavailable);
            return;
        }
        Path dir = Files.createTempDirectory("tls-benchmark");
        var ca = TestCertificates.authority(dir, "ca");
        var certificate = ca.issue("server", "inventory", 1, "ec");
        SSLContext trusting = TestCertificates.trusting(ca.certificate());
        String message = message();
        try (var store = StoreProcess.inMemory("-Xmx4g");
                MongoClient admin = MongoClients.create(store.url())) {
            Map<String, String> plainEnv = TestEnv.server("tls_benchmark", Map.of("MONGODB_URL", store.url()));
            var tlsEnv = new HashMap<>(plainEnv);
            tlsEnv.put("API_TLS_CERT", certificate.certificate().toString());
            tlsEnv.put("API_TLS_KEY", certificate.key().toString());
            try (var plain = InventoryServer.start(Settings.from(plainEnv));
                    var tls = InventoryServer.start(Settings.from(tlsEnv))) {
                String database = plain.settings().store().database();
                // Warm-up: the JIT compiles both paths before anything is measured.
                ingest(plain.port(), null, records / 2, message);
                ingest(tls.port(), trusting, records / 2, message);
                admin.getDatabase(database).getCollection("tls_benchmark").drop();
                List<Double> ratios = new ArrayList<>();
                System.out.printf(
                        Locale.ROOT,
                        "ingest, %d records per path, %d per message, %d connections x %d in flight%n",
                        records,
                        BATCH,
                        CONNECTIONS,
                        WINDOW);
                for (int round = 1; round <= rounds; round++) {
                    double plainRate = ingest(plain.port(), null, records, message);
                    admin.getDatabase(database).getCollection("tls_benchmark").drop();
                    double tlsRate = ingest(tls.port(), trusting, records, message);
                    admin.getDatabase(database).getCollection("tls_benchmark").drop();
                    ratios.add(tlsRate / plainRate);
                    System.out.printf(
                            Locale.ROOT,
                            "round %d: plain %,.0f records/s, TLS %,.0f records/s, TLS/plain %.0f %%%n",
                            round,
                            plainRate,
                            tlsRate,
                            100 * tlsRate / plainRate);
                }
                ratios.sort(Double::compare);
                System.out.printf(
                        Locale.ROOT,
                        "TLS/plain median %.0f %% (range %.0f-%.0f %%)%n",
                        100 * ratios.get(ratios.size() / 2),
                        100 * ratios.getFirst(),
                        100 * ratios.getLast());
                handshakes(tls.port(), trusting, 1, Duration.ofSeconds(1));
                for (int threads : new int[] {1, 4}) {
                    double perSecond = handshakes(tls.port(), trusting, threads, Duration.ofSeconds(handshakeSeconds));
                    System.out.printf(
                            Locale.ROOT,
                            "new TLS connections (full handshake), %d client thread%s: %,.0f/s%n",
                            threads,
                            threads == 1 ? "" : "s",
                            perSecond);
                }
            }
        }
    }

    /** A message of 100 records of about 1 KB each. */
    private static String message() {
        var text = new StringBuilder("[");
        String description = "x".repeat(900);
        for (int i = 0; i < BATCH; i++) {
            text.append(i == 0 ? "" : ",")
                    .append("{\"sku\":\"SKU-")
                    .append(i)
                    .append("\",\"quantity\":")
                    .append(i)
                    .append(",\"price\":12.5,\"warehouse\":\"north\",\"description\":\"")
                    .append(description)
                    .append("\"}");
        }
        return text.append(']').toString();
    }

    /** Records per second over {@link #CONNECTIONS} connections, each keeping {@link #WINDOW} messages in flight. */
    private static double ingest(int port, SSLContext tls, int records, String message) throws Exception {
        int messagesPerConnection = records / BATCH / CONNECTIONS;
        ExecutorService threads = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<RawWebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                sockets.add(tls == null ? RawWebSocket.connect(port, WAIT) : RawWebSocket.connectTls(port, WAIT, tls));
            }
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (RawWebSocket socket : sockets) {
                done.add(threads.submit(() -> {
                    int sent = 0;
                    for (; sent < Math.min(WINDOW, messagesPerConnection); sent++) {
                        socket.text(message);
                    }
                    for (int answered = 0; answered < messagesPerConnection; answered++) {
                        String reply = socket.reply();
                        if (!reply.startsWith("{\"ok\":true")) {
                            throw new IllegalStateException("refused: " + reply);
                        }
                        if (sent < messagesPerConnection) {
                            socket.text(message);
                            sent++;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (RawWebSocket socket : sockets) {
                socket.close();
            }
            return messagesPerConnection * CONNECTIONS * (double) BATCH / seconds;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Full TLS handshakes per second: each connection's session is invalidated, so none is resumed. */
    private static double handshakes(int port, SSLContext tls, int threadCount, Duration duration) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(threadCount);
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threadCount; i++) {
                done.add(threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        try (var socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
                            // Else a handshake flight written in parts waits for the delayed ACK (some 40 ms).
                            socket.setTcpNoDelay(true);
                            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                            socket.startHandshake();
                            socket.getSession().invalidate();
                        }
                        count.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            return count.get() / ((System.nanoTime() - start) / 1e9);
        } finally {
            threads.shutdownNow();
        }
    }
}
