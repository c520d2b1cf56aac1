package org.inventory.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium under Selenium for a browser test class, with a profile and a download folder of its own,
 * both deleted on {@link #close}. Nothing is looked up or downloaded. Where chromium or chromedriver is missing the
 * class fails under CI (which must install them) and is skipped elsewhere, saying why.
 * <p>
 * Asked to, it trusts a test's certificate authority as a user's browser trusts one they added: Chromium on Linux
 * takes the user's own authorities from the NSS database in {@code ~/.pki/nssdb}, so the browser gets a home folder of
 * its own whose database ({@code certutil}, Debian's {@code libnss3-tools}) trusts that authority for servers. No
 * certificate error is ignored: a server certificate the authority did not sign is refused as anywhere. And asked to,
 * it keeps its console and network logs ({@link #consoleLog}, {@link #networkLog}).
 */
public final class Chromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CERTUTIL = Path.of("/usr/bin/certutil");

    /**
     * What a test class asks of its browser beyond the defaults.
     *
     * @param trustedAuthority a PEM certificate authority the browser trusts for servers, or null
     * @param logs             whether the console's messages and the network's events are kept, to be read
     */
    public record Options(Path trustedAuthority, boolean logs) {
        public static final Options DEFAULT = new Options(null, false);
    }

    private final WebDriver driver;
    private final List<Path> folders;
    private final Path downloads;

    private Chromium(WebDriver driver, List<Path> folders, Path downloads) {
        this.driver = driver;
        this.folders = folders;
        this.downloads = downloads;
    }

    /** Why the browser cannot run here, when it cannot. */
    public static Optional<String> missing() {
        return missing(Options.DEFAULT);
    }

    /** Why the browser cannot run here with these options, when it cannot. */
    public static Optional<String> missing(Options options) {
        List<String> missing = Stream.of(CHROMIUM, CHROMEDRIVER)
                .filter(path -> !Files.isExecutable(path))
                .map(Path::toString)
                .toList();
        if (!missing.isEmpty()) {
            return Optional.of("the browser test needs Debian's chromium and chromium-driver, missing " + missing
                    + "; install them with: apt-get install -y chromium chromium-driver");
        }
        if (options.trustedAuthority() != null && !Files.isExecutable(CERTUTIL)) {
            return Optional.of("the browser test needs " + CERTUTIL + " to make Chromium trust its test authority;"
                    + " install it with: apt-get install -y libnss3-tools");
        }
        return Optional.empty();
    }

    /**
     * A browser for {@code testClass}, or empty when it cannot run here: then it fails the class under CI and
     * otherwise says on stderr that the class is skipped (a skipped class is easy to miss in a build log).
     */
    public static Optional<Chromium> startFor(String testClass) throws IOException {
        return startFor(testClass, Options.DEFAULT);
    }

    /** As {@link #startFor(String)}, with these options. */
    public static Optional<Chromium> startFor(String testClass, Options options) throws IOException {
        Optional<String> missing = missing(options);
        if (missing.isPresent()) {
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank()) {
                Assertions.fail(missing.get());
            }
            System.err.println(testClass + " skipped: " + missing.get());
            return Optional.empty();
        }
        Path profile = Files.createTempDirectory("browser-profile");
        Path downloads = Files.createTempDirectory("browser-downloads");
        var folders = new ArrayList<>(List.of(profile, downloads));
        var environment = new HashMap<String, String>();
        if (options.trustedAuthority() != null) {
            Path home = Files.createTempDirectory("browser-home");
            folders.add(home);
            trust(home, options.trustedAuthority());
            environment.put("HOME", home.toString());
        }
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        var chrome = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--window-size=1280,900",
                        "--user-data-dir=" + profile);
        chrome.setExperimentalOption(
                "prefs",
                Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        if (options.logs()) {
            var logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            logs.enable(LogType.PERFORMANCE, Level.ALL);
            chrome.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        }
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .withEnvironment(environment)
                .build();
        var driver = new ChromeDriver(service, chrome);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return Optional.of(new Chromium(driver, List.copyOf(folders), downloads));
    }

    /** An NSS database in {@code home}'s {@code .pki/nssdb}, where Chromium finds it, trusting {@code authority}. */
    private static void trust(Path home, Path authority) throws IOException {
        Path nssdb = Files.createDirectories(home.resolve(".pki").resolve("nssdb"));
        String database = "sql:" + nssdb;
        certutil("-N", "-d", database, "--empty-password");
        // "C,,": an authority trusted to issue server certificates, and for nothing else.
        certutil("-A", "-d", database, "-n", "test-authority", "-t", "C,,", "-i", authority.toString());
    }

    private static void certutil(String... arguments) throws IOException {
        var command = new ArrayList<String>();
        command.add(CERTUTIL.toString());
        command.addAll(List.of(arguments));
        try {
            var finished = ChildProcesses.run(command, Duration.ofSeconds(60));
            if (finished.exitCode() != 0) {
                throw new IOException("certutil failed: " + finished.transcript());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Where the browser saves what it downloads. */
    public Path downloads() {
        return downloads;
    }

    /**
     * The console's messages since the last call (Chromium's own, such as a refused script or mixed content, and the
     * page's), each as {@code LEVEL message}; only with {@link Options#logs}.
     */
    public List<String> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .toList();
    }

    /**
     * The DevTools events of the network since the last call, each the JSON of one event
     * ({@code {"message":{"method":"Network.responseReceived","params":{…}},…}}); only with {@link Options#logs}.
     */
    public List<String> networkLog() {
        return driver.manage().logs().get(LogType.PERFORMANCE).getAll().stream()
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        for (Path directory : folders) {
            try (Stream<Path> files = Files.walk(directory)) {
                // A folder left behind only costs disk space: best effort.
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
