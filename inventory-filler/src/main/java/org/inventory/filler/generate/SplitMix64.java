package org.inventory.filler.generate;

/**
 * A small, fast pseudo-random generator (SplitMix64). Written out here rather than taken from the JDK so
 * that a seed gives the same records on every Java version: the algorithm is fixed by this file.
 */
final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** A well-mixed 64-bit value of {@code z}: the generator's output function, also used to derive seeds. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The generator for one item of a sequence: independent of how many items came before it. */
    static SplitMix64 forItem(long seed, long index) {
        return new SplitMix64(mix(seed + mix(index * GOLDEN_GAMMA + 1)));
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** A value in {@code [0, bound)}; {@code bound} must be positive. */
    int nextInt(int bound) {
        // Multiply-shift keeps the bias below 2^-32 per draw without a loop or a division.
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** A value in {@code [min, max]}. */
    int between(int min, int max) {
        return min + nextInt(max - min + 1);
    }

    boolean chance(int percent) {
        return nextInt(100) < percent;
    }

    <T> T pick(T[] choices) {
        return choices[nextInt(choices.length)];
    }
}
