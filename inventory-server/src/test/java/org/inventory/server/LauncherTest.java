package org.inventory.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The jar's Main-Class: loadable by any Java, and asking for exactly the Java the server's classes are built for. */
class LauncherTest {

    @Test
    void the_launcher_is_compiled_for_java_8_so_that_an_old_java_can_run_it() throws IOException {
        assertEquals(8, classFileRelease(Launcher.class));
    }

    @Test
    void the_launcher_asks_for_the_java_release_the_server_is_compiled_for() throws IOException {
        assertEquals(
                classFileRelease(Main.class),
                Launcher.REQUIRED,
                "maven.compiler.release changed: change Launcher.REQUIRED with it");
    }

    @ParameterizedTest(name = "java.specification.version {0} is Java {1}")
    @CsvSource({"1.8, 8", "9, 9", "17, 17", "21, 21", "25, 25", "'', 2147483647"})
    void the_feature_version_is_read_from_the_specification_version(String specification, int feature) {
        assertEquals(feature, Launcher.featureVersion(specification));
    }

    /** The Java release a class file is for: its major version less 44 (52 is Java 8, 65 Java 21). */
    private static int classFileRelease(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class");
                var data = new DataInputStream(in)) {
            data.readInt(); // 0xCAFEBABE
            data.readUnsignedShort(); // minor version
            return data.readUnsignedShort() - 44;
        }
    }
}
