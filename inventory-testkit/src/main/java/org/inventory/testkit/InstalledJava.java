package org.inventory.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Another Java installed on this machine, besides the one running the tests: for tests that run a jar on a Java it
 * was not built for. Found by the {@code release} file at the top of each installation ({@code JAVA_VERSION="17.0.15"})
 * in the places installers put them: {@code /usr/lib/jvm} (Debian, Ubuntu, Fedora's packages),
 * {@code /Library/Java/JavaVirtualMachines/*}{@code /Contents/Home} (macOS) and {@code ~/.sdkman/candidates/java}.
 *
 * @param home    the installation's folder, symbolic links resolved
 * @param version its {@code JAVA_VERSION}, e.g. {@code 17.0.15}
 */
public record InstalledJava(Path home, String version) {
    private static final List<Path> PLACES = List.of(
            Path.of("/usr/lib/jvm"),
            Path.of("/Library/Java/JavaVirtualMachines"),
            Path.of(System.getProperty("user.home"), ".sdkman", "candidates", "java"));

    /** An installed Java of this feature release (17 for 17.0.15, 8 for 1.8.0_412), the newest update if several. */
    public static Optional<InstalledJava> ofRelease(int feature) {
        return installed().stream()
                .filter(java -> java.feature() == feature)
                .max(Comparator.comparing(InstalledJava::version, InstalledJava::compareVersions));
    }

    /** Why no Java of this release is found, for a test to print when it skips. */
    public static String notFound(int feature) {
        return "no Java " + feature + " installed (looked for a release file saying JAVA_VERSION=\"" + feature
                + "...\" under " + PLACES + ")";
    }

    /** Its {@code java} executable. */
    public Path java() {
        return home.resolve("bin").resolve("java");
    }

    /** The feature release: 17 for {@code 17.0.15}, 8 for {@code 1.8.0_412}; -1 if the version cannot be read. */
    public int feature() {
        String digits = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < digits.length() && Character.isDigit(digits.charAt(end))) {
            end++;
        }
        return end == 0 ? -1 : Integer.parseInt(digits.substring(0, end));
    }

    private static List<InstalledJava> installed() {
        var found = new ArrayList<InstalledJava>();
        for (Path place : PLACES) {
            if (!Files.isDirectory(place)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(place)) {
                for (Path entry : entries.sorted().toList()) {
                    // macOS keeps the installation one level down.
                    for (Path home : List.of(entry, entry.resolve("Contents").resolve("Home"))) {
                        read(home).filter(java -> !found.contains(java)).ifPresent(found::add);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    private static Optional<InstalledJava> read(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)
                || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String version = line.substring("JAVA_VERSION=".length())
                        .replace("\"", "")
                        .strip();
                return Optional.of(new InstalledJava(home.toRealPath(), version));
            }
        }
        return Optional.empty();
    }

    /** Numeric parts compared as numbers: 17.0.9 before 17.0.15. */
    private static int compareVersions(String a, String b) {
        String[] left = a.split("\\D+", -1);
        String[] right = b.split("\\D+", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            if (!left[i].isEmpty() && !right[i].isEmpty() && !left[i].equals(right[i])) {
                return Long.compare(Long.parseLong(left[i]), Long.parseLong(right[i]));
            }
        }
        return Integer.compare(left.length, right.length);
    }
}
