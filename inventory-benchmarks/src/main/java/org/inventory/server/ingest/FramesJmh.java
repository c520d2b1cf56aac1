package org.inventory.server.ingest;

import io.helidon.common.buffers.DataReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.inventory.benchmarks.IngestBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ingest's own RFC 6455 framing, in ns per frame: {@code read} takes 100 masked client frames (each one
 * message of {@code records} of the ingest benchmark's ~1 KB records) from Helidon's {@link DataReader} in 16 KB
 * chunks, as a socket hands them over, with {@link FrameReader}: each header checked, each payload copied out and
 * unmasked; {@code reply} frames one reply as the server sends it ({@link Frames#frame}). In the server's package,
 * as the classes it measures are the package's own. From the project root, after
 * {@code ./build -B -q -pl inventory-benchmarks -am package -DskipTests}:
 * <pre>java -jar inventory-benchmarks/target/benchmarks.jar FramesJmh [-p records=1,100] [-f 1 -wi 2 -i 3]</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FramesJmh {
    private static final int FRAMES = 100;
    private static final int CHUNK = 16 * 1024;
    private static final byte[] REPLY =
            "{\"ok\":true,\"seq\":123456,\"inserted\":100,\"duplicates\":0}".getBytes(StandardCharsets.UTF_8);

    /** Records per message, so per frame: one alone (~1 KB), or a batch (~100 KB, the 64-bit length form). */
    @Param({"1", "100"})
    public int records;

    private byte[][] chunks;
    private byte[] payload;

    @Setup
    public void setUp() {
        var random = new Random(7);
        var stream = new ByteArrayOutputStream();
        int longest = 0;
        for (int i = 0; i < FRAMES; i++) {
            byte[] message = IngestBenchmark.message(i * records, records).getBytes(StandardCharsets.UTF_8);
            stream.writeBytes(clientFrame(message, random.nextInt()));
            longest = Math.max(longest, message.length);
        }
        byte[] bytes = stream.toByteArray();
        chunks = new byte[(bytes.length + CHUNK - 1) / CHUNK][];
        for (int c = 0; c < chunks.length; c++) {
            chunks[c] = Arrays.copyOfRange(bytes, c * CHUNK, Math.min(bytes.length, (c + 1) * CHUNK));
        }
        payload = new byte[longest];
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long read() {
        int[] next = {0};
        var frames = new FrameReader(DataReader.create(() -> chunks[next[0]++]));
        long sum = 0;
        for (int i = 0; i < FRAMES; i++) {
            FrameHeader header = frames.next();
            frames.payload(payload, 0, (int) header.length(), header.mask());
            sum += payload[0] + header.length();
        }
        return sum;
    }

    @Benchmark
    public byte[] reply() {
        return Frames.frame(Frames.TEXT, REPLY);
    }

    /** A final, masked text frame in the shortest length form, as a client sends one. */
    private static byte[] clientFrame(byte[] payload, int mask) {
        var frame = new ByteArrayOutputStream();
        frame.write(0x80 | Frames.TEXT);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        for (int shift = 24; shift >= 0; shift -= 8) {
            frame.write(mask >>> shift);
        }
        byte[] masked = payload.clone();
        for (int k = 0; k < masked.length; k++) {
            masked[k] ^= (byte) (mask >>> (24 - 8 * (k % 4)));
        }
        frame.writeBytes(masked);
        return frame.toByteArray();
    }
}
