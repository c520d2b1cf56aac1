package org.inventory.filler.client;

/** Where a connection tells the user what happens on the way: a retry, a reconnect. The progress display is one. */
public interface Notes {

    /** Tells the user about something that happened, e.g. a retry. */
    void note(String message);
}
