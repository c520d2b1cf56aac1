package org.inventory.server.access;

import java.util.Locale;

/** What a credential lets its holder do: send records ({@code ingest}) or read them ({@code read}). */
public enum Scope {
    INGEST,
    READ;

    /** The scope as the credentials file and the messages write it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Scope parse(String name) {
        for (Scope scope : values()) {
            if (scope.wireName().equals(name)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + name + "'; expected ingest or read");
    }
}
