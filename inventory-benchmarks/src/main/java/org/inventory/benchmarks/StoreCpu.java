package org.inventory.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a process-level benchmark's store runs. With more than one CPU, the store gets CPU 0 to itself, as MongoDB
 * has its own machine in production; this process, its clients and the servers it starts share the others. With
 * one CPU, or {@code BENCHMARK_CPUS=shared}, every process shares every CPU.
 *
 * @param cores the CPUs this process sees
 * @param split whether the store has a CPU of its own
 */
record StoreCpu(int cores, boolean split) {
    /**
     * Given to the store's JVM when the store has a CPU of its own: it is pinned to that one CPU only after it
     * starts, so without this it sizes itself for all of them: four event-loop threads (Netty's default, two per
     * CPU) then took turns at one collection's lock on one CPU, more often for the server's writes than for the
     * raw driver's (docs/benchmarks.md, Ingest).
     */
    private static final String ONE_CPU = "-XX:ActiveProcessorCount=1";

    /** The split this machine and {@code BENCHMARK_CPUS} call for. */
    static StoreCpu fromEnvironment() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new StoreCpu(cores, cores > 1 && !"shared".equals(System.getenv("BENCHMARK_CPUS")));
    }

    /** How the CPUs are shared, for the benchmark's first line. */
    String description() {
        return split
                ? "the store alone on CPU 0 (BENCHMARK_CPUS=shared to share all)"
                : "all processes sharing every CPU";
    }

    /** The store's JVM options: {@code options}, and one CPU to size itself for when it has one of its own. */
    String[] storeJvm(String... options) {
        if (!split) {
            return options;
        }
        String[] withOneCpu = Arrays.copyOf(options, options.length + 1);
        withOneCpu[options.length] = ONE_CPU;
        return withOneCpu;
    }

    /**
     * Pins the store to CPU 0 and this process to the others, when split. The servers started after this start
     * pinned (they inherit this process's CPUs), so their JVMs size themselves (collector, threads) for the CPUs they
     * have, as in a container of that size, not by a race between the start script and the pinning.
     */
    void pin(ProcessHandle store) throws IOException, InterruptedException {
        if (split) {
            pin(store, "0");
            pin(ProcessHandle.current(), "1-" + (cores - 1));
        }
    }

    /**
     * Binds every thread of the process (and those it starts later) to the CPUs, with Linux's taskset. A thread
     * that ends while taskset walks the list makes it fail, so it is tried again.
     */
    private static void pin(ProcessHandle process, String cpus) throws IOException, InterruptedException {
        String output = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            var taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (taskset.waitFor() == 0) {
                return;
            }
        }
        throw new IllegalStateException("taskset failed (run with BENCHMARK_CPUS=shared where it cannot): " + output);
    }
}
