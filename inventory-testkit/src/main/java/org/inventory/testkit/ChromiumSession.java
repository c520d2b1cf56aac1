package org.inventory.testkit;

import java.io.IOException;
import java.util.Optional;
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

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        chromium = Chromium.startFor(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(chromium.isPresent(), () -> Chromium.missing().orElseThrow());
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
