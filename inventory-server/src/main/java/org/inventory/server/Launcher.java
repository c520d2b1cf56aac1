package org.inventory.server;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's {@code Main-Class}: on a Java older than the server needs, one line that says so and exit 2, instead of
 * the JVM's {@code UnsupportedClassVersionError}; on a recent enough Java, {@link Main#main} itself, with every
 * argument.
 * <p>
 * Compiled apart for Java 8 (the pom's {@code launcher} execution), so that any Java can load it. It refers to the
 * server's classes only by name, through reflection: they are compiled for {@link #REQUIRED} and an older JVM could
 * not read them. Whatever the real {@code main} throws propagates unchanged, and its exit code stays.
 */
public final class Launcher {
    /** The Java release the server's classes are compiled for ({@code maven.compiler.release}). */
    static final int REQUIRED = 21;

    private Launcher() {}

    public static void main(String[] args) throws Throwable {
        int feature = featureVersion(System.getProperty("java.specification.version"));
        if (feature < REQUIRED) {
            System.err.println("inventory-server needs Java " + REQUIRED + " or newer; this is Java "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")");
            System.exit(2);
        }
        try {
            Class.forName("org.inventory.server.Main")
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** 8 for "1.8", 17 for "17"; a version it cannot read counts as new enough, so that the real main decides. */
    static int featureVersion(String specification) {
        String version = specification == null ? "" : specification;
        if (version.startsWith("1.")) {
            version = version.substring(2);
        }
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? Integer.MAX_VALUE : Integer.parseInt(version.substring(0, end));
    }
}
