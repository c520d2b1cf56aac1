package org.inventory.filler.imports;

import java.io.IOException;

/** The rest of a file cannot be read: it is not valid in its type from this line on, or it is cut off. */
final class Unreadable extends IOException {
    Unreadable(long line, String message) {
        super("line " + line + ": " + message, null);
    }

    Unreadable(long line, String message, Throwable cause) {
        super("line " + line + ": " + message, cause);
    }
}
