package org.inventory.server.config;

/** A bad configuration value; its message is the one line shown to the operator. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
