package org.inventory.testkit;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How much of a randomised test a build runs. A test that tries many random inputs tries them all in the full tier
 * ({@code -Pfull}, what CI runs: the system property {@code test.full=true}) and a fifth of them in the default
 * {@code ./mvnw verify}, so that the build before each commit stays short while CI keeps the full count. What a
 * test checks is the same in both; only how many inputs it checks it on changes (each run draws new ones).
 */
public final class Tier {
    /** The system property the build sets: true under {@code -Pfull}, false by default. */
    public static final String FULL = "test.full";

    /** The share of the inputs the default tier tries: one in five. */
    private static final int SHARE = 5;

    private Tier() {}

    /** Whether this is the full tier ({@code -Pfull}, CI). */
    public static boolean full() {
        return Boolean.getBoolean(FULL);
    }

    /** {@code inFull} in the full tier, a fifth of it (at least 1) by default: a count of random inputs to try. */
    public static int count(int inFull) {
        return full() ? inFull : Math.max(1, inFull / SHARE);
    }

    /**
     * jqwik's tries the same way: a property's {@code @Property(tries = n)} is its count in the full tier, a fifth of
     * it by default. Added to a property class with {@code @AddLifecycleHook(Tier.Tries.class)}; jqwik's own
     * default ({@code jqwik.tries.default}) stays as it is for properties that name no count.
     */
    public static final class Tries implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property)
                throws Throwable {
            var attributes = context.attributes();
            attributes.tries().ifPresent(tries -> attributes.setTries(count(tries)));
            return property.execute();
        }

        /** Added to a class, it reaches each property in it. */
        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS;
        }

        @Override
        public int aroundPropertyProximity() {
            // Outside every other hook: the count is settled before anything runs.
            return -100;
        }
    }
}
