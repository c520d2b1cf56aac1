package org.inventory.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.inventory.core.RecordParser;

/**
 * The ingest parser alone, on one thread: UTF-8 messages of the ingest benchmark's ~1 KB records turned into
 * BSON, as the server does for every message. Prints the median of the rounds in µs per record and MB/s of
 * JSON. Arguments: {@code [records per message] [rounds] [seconds per round]}. From the project root:
 * <pre>./build -B -q -pl inventory-benchmarks -am test-compile -Pbenchmark -Dbenchmark=ParserBenchmark [-Dbenchmark.args="100 7 2"]</pre>
 * {@link ParserJmh} measures the same under JMH.
 */
public final class ParserBenchmark {
    private static final int MESSAGES = 1_000;

    private ParserBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int perMessage = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 2;
        var parser = new RecordParser(Math.max(perMessage, 1));
        List<byte[]> messages = new ArrayList<>();
        long bytes = 0;
        for (int m = 0; m < MESSAGES; m++) {
            byte[] utf8 = IngestBenchmark.message(m * perMessage, perMessage).getBytes(StandardCharsets.UTF_8);
            messages.add(utf8);
            bytes += utf8.length;
        }
        System.out.printf("parser benchmark: %,d messages of %d records (%,d bytes of JSON in all), %d rounds of %.1f s after one to warm up%n",
                MESSAGES, perMessage, bytes, rounds, seconds);
        var perRecord = new ArrayList<Double>();
        for (int round = 0; round <= rounds; round++) {
            long passes = 0;
            long records = 0;
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            while (System.nanoTime() < deadline) {
                for (byte[] message : messages) {
                    records += parser.parse(message, 0, message.length).size();
                }
                passes++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double micros = elapsed * 1e6 / records;
            System.out.printf("  round %d%s: %.3f µs per record, %,.0f MB/s%n", round, round == 0 ? " (warm-up)" : "",
                    micros, passes * bytes / elapsed / 1e6);
            if (round > 0) {
                perRecord.add(micros);
            }
        }
        double median = IngestBenchmark.median(perRecord);
        System.out.printf("median: %.3f µs per record of ~%d bytes, %,.0f MB/s%n", median, bytes / MESSAGES / perMessage,
                bytes / (double) (MESSAGES * perMessage) / median);
    }
}
