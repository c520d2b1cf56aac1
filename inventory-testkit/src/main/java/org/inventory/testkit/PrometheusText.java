package org.inventory.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One scrape of a server's {@code /metrics} in Prometheus text. A sample line is its name, its labels in braces
 * (Helidon writes them as {@code {scope="application",}}), a space and its value; lines starting with {@code #}
 * are comments.
 */
public record PrometheusText(String text) {

    /** Reads {@code /metrics} of the server on 127.0.0.1:{@code port}. */
    public static PrometheusText scrape(int port) {
        return new PrometheusText(Http.get(port, "/metrics", "text/plain").body());
    }

    /** Every sample, by its name and labels exactly as written (e.g. {@code x_total{scope="application",}}). */
    public Map<String, Double> samples() {
        var samples = new LinkedHashMap<String, Double>();
        text.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return samples;
    }

    /** The sample of this name and labels, written exactly so; fails naming the samples there are. */
    public double sample(String nameAndLabels) {
        Double value = samples().get(nameAndLabels);
        if (value == null) {
            throw new AssertionError(
                    "no sample " + nameAndLabels + " in " + samples().keySet());
        }
        return value;
    }

    /** How much a sample grew from {@code before} to {@code after}; one absent before counts from 0. */
    public static double delta(PrometheusText before, PrometheusText after, String nameAndLabels) {
        return after.sample(nameAndLabels) - before.samples().getOrDefault(nameAndLabels, 0.0);
    }

    /** The value of the first sample of metric {@code name} whose line contains {@code label} (e.g. {@code code="unavailable"}). */
    public OptionalDouble value(String name, String label) {
        for (String line : text.lines().toList()) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label)) {
                return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    /** The value of the first sample of metric {@code name}, whatever its labels. */
    public OptionalDouble value(String name) {
        return value(name, "");
    }

    /** The heap in use, from Helidon's base metrics. */
    public long usedHeapBytes() {
        return (long) value("memory_usedHeap_bytes")
                .orElseThrow(() -> new IllegalStateException("no heap gauge in /metrics"));
    }
}
