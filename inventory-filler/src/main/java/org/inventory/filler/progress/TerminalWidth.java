package org.inventory.filler.progress;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The terminal's width in columns, asked of the terminal itself (through JLine, which runs {@code stty}): shells
 * rarely export {@code COLUMNS} to programs, so that variable alone left a bar for 80 columns in any terminal.
 */
final class TerminalWidth {
    static final int DEFAULT = 80;
    private static final int MIN = 40;

    private TerminalWidth() {}

    static int get() {
        try (Terminal terminal = TerminalBuilder.builder()
                .system(true)
                .providers("exec")
                .nativeSignals(false)
                .dumb(true)
                .build()) {
            int width = terminal.getWidth();
            if (width > 0) {
                return Math.max(MIN, width);
            }
        } catch (Exception e) {
            // No terminal to ask (or no stty): the variable, then the classic width.
        }
        try {
            return Math.max(MIN, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", Integer.toString(DEFAULT))));
        } catch (NumberFormatException e) {
            return DEFAULT;
        }
    }
}
