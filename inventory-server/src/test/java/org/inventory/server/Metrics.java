package org.inventory.server;

import java.util.HashMap;
import java.util.Map;

/** Reads {@code /metrics} in Prometheus text: every sample line as name-with-labels to value. */
final class Metrics {
    private Metrics() {
    }

    static Map<String, Double> read(int port) {
        var samples = new HashMap<String, Double>();
        Http.get(port, "/metrics", "text/plain").body().lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> {
                    int space = line.lastIndexOf(' ');
                    samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                });
        return samples;
    }

    static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
        if (!after.containsKey(sample)) {
            throw new AssertionError("no sample " + sample + " in " + after.keySet());
        }
        return after.get(sample) - before.getOrDefault(sample, 0.0);
    }
}
