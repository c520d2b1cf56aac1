package org.inventory.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.TestCertificates.Authority;
import org.inventory.testkit.TestCertificates.Issued;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.inventory.testkit.TlsFixture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS and mutual TLS as clients nobody here wrote see them: {@code curl --cacert} (with {@code --cert}/{@code --key})
 * and Python's {@code ssl} with {@code websockets}. Each is skipped, saying why, where it is not installed.
 */
@Tag("clients")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsClientsTest {
    private static final String COLLECTION = "tls_clients_test";
    /** Debian's Python, where its python3-websockets package installs the module. */
    private static final String PYTHON =
            Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private static final String WSS_CLIENT = """
            import asyncio, ssl, sys
            import websockets

            url, ca, cert, key = sys.argv[1:5]
            context = ssl.create_default_context(cafile=ca)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            if cert != "-":
                context.load_cert_chain(cert, key)

            async def main():
                async with websockets.connect(url, ssl=context) as ws:
                    await ws.send('{"name":"bolt"}')
                    print(await ws.recv())
                    print(ws.transport.get_extra_info("ssl_object").version())

            asyncio.run(main())
            """;

    @RegisterExtension
    static final TlsFixture TLS = new TlsFixture();

    private static Authority ca;
    private static Issued client;
    private static Path script;

    @BeforeAll
    static void writeScript() throws IOException {
        ca = TLS.ca();
        client = TLS.client();
        script = Files.writeString(TLS.dir().resolve("wss_client.py"), WSS_CLIENT);
    }

    @BeforeEach
    void emptyCollection() {
        TestStore.emptyCollection(COLLECTION);
    }

    @Test
    void curl_gets_display_over_https_with_the_ca_and_nothing_over_plain_http() throws Exception {
        assumeInstalled("curl", "--version");
        try (var inventory = start(false)) {
            var ok = run(
                    "curl",
                    "-sS",
                    "--cacert",
                    ca.certificate().toString(),
                    "-H",
                    "Accept: application/json",
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code} %{ssl_verify_result}",
                    url("https", inventory, "/display"));
            assertEquals(new Result(0, "200 0"), ok);
            var untrusted = run("curl", "-sS", "-o", "/dev/null", url("https", inventory, "/display"));
            assertEquals(60, untrusted.exit(), untrusted.output());
            var plain = run("curl", "-sS", "-o", "/dev/null", url("http", inventory, "/health"));
            assertNotEquals(0, plain.exit(), plain.output());
        }
    }

    @Test
    void curl_with_mutual_tls_needs_a_certificate_of_the_client_ca() throws Exception {
        assumeInstalled("curl", "--version");
        try (var inventory = start(true)) {
            var refused = run(
                    "curl",
                    "-sS",
                    "--cacert",
                    ca.certificate().toString(),
                    "-o",
                    "/dev/null",
                    url("https", inventory, "/display"));
            assertNotEquals(0, refused.exit(), refused.output());
            var admitted = run(
                    "curl",
                    "-sS",
                    "--cacert",
                    ca.certificate().toString(),
                    "--cert",
                    client.certificate().toString(),
                    "--key",
                    client.key().toString(),
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    url("https", inventory, "/display"));
            assertEquals(new Result(0, "200"), admitted);
        }
    }

    @Test
    void python_websockets_sends_over_wss_and_with_mutual_tls() throws Exception {
        assumeInstalled(PYTHON, "-c", "import websockets");
        try (var inventory = start(false)) {
            var sent = run(
                    PYTHON,
                    script.toString(),
                    url("wss", inventory, "/"),
                    ca.certificate().toString(),
                    "-",
                    "-");
            assertEquals(new Result(0, "{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}\nTLSv1.3\n"), sent);
        }
        try (var inventory = start(true)) {
            var refused = run(
                    PYTHON,
                    script.toString(),
                    url("wss", inventory, "/"),
                    ca.certificate().toString(),
                    "-",
                    "-");
            assertNotEquals(0, refused.exit(), refused.output());
            var admitted = run(
                    PYTHON,
                    script.toString(),
                    url("wss", inventory, "/"),
                    ca.certificate().toString(),
                    client.certificate().toString(),
                    client.key().toString());
            assertEquals(new Result(0, "{\"ok\":true,\"seq\":1,\"inserted\":1,\"duplicates\":0}\nTLSv1.3\n"), admitted);
        }
    }

    private static InventoryServer start(boolean mutual) {
        return InventoryServer.start(Settings.from(TestEnv.server(COLLECTION, TLS.serverEnv(mutual))));
    }

    private static String url(String scheme, InventoryServer inventory, String path) {
        return scheme + "://localhost:" + inventory.port() + path;
    }

    private static void assumeInstalled(String... probe) throws InterruptedException {
        String why;
        try {
            var result = run(probe);
            why = result.exit() == 0
                    ? null
                    : String.join(" ", probe) + " failed: " + result.output().strip();
        } catch (IOException e) {
            why = probe[0] + " is not installed (" + e.getMessage() + ")";
        }
        if (why != null) {
            System.out.println("TlsClientsTest: skipped, " + why);
        }
        Assumptions.assumeTrue(why == null, why);
    }

    private record Result(int exit, String output) {}

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " finished");
        return new Result(process.exitValue(), output);
    }
}
