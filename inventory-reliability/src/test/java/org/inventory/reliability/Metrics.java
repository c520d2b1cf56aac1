package org.inventory.reliability;

import java.util.OptionalDouble;

/** One scrape of the server's {@code /metrics} in Prometheus text, read by metric name and a label. */
record Metrics(String text) {

    /** The value of the first sample of {@code name} whose labels contain {@code label} (e.g. {@code code="unavailable"}). */
    OptionalDouble value(String name, String label) {
        for (String line : text.lines().toList()) {
            if (line.startsWith(name + "{") && line.contains(label)) {
                return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    OptionalDouble value(String name) {
        return value(name, "");
    }

    /** The heap in use, from Helidon's base metrics. */
    long usedHeapBytes() {
        return (long) value("memory_usedHeap_bytes").orElseThrow(() -> new IllegalStateException("no heap gauge in /metrics"));
    }
}
