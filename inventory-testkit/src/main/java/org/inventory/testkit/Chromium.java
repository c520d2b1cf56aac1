package org.inventory.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium under Selenium for a browser test class, with a profile and a download folder of its own,
 * both deleted on {@link #close}. Nothing is looked up or downloaded. Where chromium or chromedriver is missing the
 * class fails under CI (which must install them) and is skipped elsewhere, saying why.
 */
public final class Chromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final WebDriver driver;
    private final Path profile;
    private final Path downloads;

    private Chromium(WebDriver driver, Path profile, Path downloads) {
        this.driver = driver;
        this.profile = profile;
        this.downloads = downloads;
    }

    /** Why the browser cannot run here, when it cannot. */
    public static Optional<String> missing() {
        List<String> missing = Stream.of(CHROMIUM, CHROMEDRIVER)
                .filter(path -> !Files.isExecutable(path))
                .map(Path::toString)
                .toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the browser test needs Debian's chromium and chromium-driver, missing " + missing
                + "; install them with: apt-get install -y chromium chromium-driver");
    }

    /**
     * A browser for {@code testClass}, or empty when it cannot run here: then it fails the class under CI and
     * otherwise says on stderr that the class is skipped (a skipped class is easy to miss in a build log).
     */
    public static Optional<Chromium> startFor(String testClass) throws IOException {
        Optional<String> missing = missing();
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
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        var options = new ChromeOptions()
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
        options.setExperimentalOption(
                "prefs",
                Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        var driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return Optional.of(new Chromium(driver, profile, downloads));
    }

    public WebDriver driver() {
        return driver;
    }

    /** Where the browser saves what it downloads. */
    public Path downloads() {
        return downloads;
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        for (Path directory : List.of(profile, downloads)) {
            try (Stream<Path> files = Files.walk(directory)) {
                // A folder left behind only costs disk space: best effort.
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
