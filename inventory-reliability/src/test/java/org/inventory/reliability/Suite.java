package org.inventory.reliability;

/**
 * Which version of the suite runs: the short one in every build, or the full one with
 * {@code -Preliability-full} (which sets the system property {@code reliability.full=true}).
 */
final class Suite {
    private Suite() {}

    static boolean full() {
        return Boolean.getBoolean("reliability.full");
    }

    /** {@code full} in the full suite, {@code short_} otherwise. */
    static int size(int short_, int full) {
        return full() ? full : short_;
    }

    /** Prints a test class's figures as one line, easy to find in the build output and to quote. */
    static void summary(String testClass, String figures) {
        System.out.println("[reliability] " + testClass + " (" + (full() ? "full" : "short") + "): " + figures);
    }
}
