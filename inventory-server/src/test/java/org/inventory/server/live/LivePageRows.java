package org.inventory.server.live;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** What the {@code /live} page shows in its table, newest row first, as the browser tests read it. */
public final class LivePageRows {
    private LivePageRows() {}

    /** The {@code _id}s of the rows shown, newest first. */
    public static List<String> ids(WebDriver browser) {
        return browser.findElements(By.cssSelector("#rows tbody tr td.id")).stream()
                .map(WebElement::getText)
                .toList();
    }

    /** The newest row's {@code _id}, or "" while there is none. */
    public static String topId(WebDriver browser) {
        List<String> ids = ids(browser);
        return ids.isEmpty() ? "" : ids.getFirst();
    }

    /** The newest row's record as the page shows it. */
    public static String topRecord(WebDriver browser) {
        return browser.findElement(By.cssSelector("#rows tbody tr td.record")).getText();
    }
}
