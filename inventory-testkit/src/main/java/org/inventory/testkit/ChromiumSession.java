package org.inventory.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;

/**
 * {@link Chromium} for a browser test class, registered as a static extension: started before the class's own
 * set-up, each test skipped with the reason where it cannot run (the class fails under CI instead, see
 * {@link Chromium#startFor}), and closed after the class's own tear-down.
 */
public final class ChromiumSession implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private Optional<Chromium> chromium = Optional.empty();
    private Supplier<Path> trustedAuthority = () -> null;
    private boolean logs;

    /**
     * The browser trusts this authority's certificates for servers (asked for when the browser starts: an extension
     * registered before this one, such as {@link TlsFixture}, may make it).
     */
    public ChromiumSession trusting(Supplier<Path> authority) {
        this.trustedAuthority = authority;
        return this;
    }

    /** The browser keeps its console's messages and its network's events ({@link Chromium#consoleLog}). */
    public ChromiumSession withLogs() {
        this.logs = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        chromium = Chromium.startFor(context.getRequiredTestClass().getSimpleName(), options());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(
                chromium.isPresent(), () -> Chromium.missing(options()).orElseThrow());
    }

    private Chromium.Options options() {
        return new Chromium.Options(trustedAuthority.get(), logs);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (chromium.isPresent()) {
            chromium.get().close();
        }
    }

    /** Whether the browser runs here; a class's own set-up has nothing to prepare when it does not. */
    public boolean available() {
        return chromium.isPresent();
    }

    public WebDriver driver() {
        return chromium.orElseThrow().driver();
    }

    public Chromium chromium() {
        return chromium.orElseThrow();
    }
}
