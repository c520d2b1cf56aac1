package org.inventory.core;

/** The error codes of the ingest protocol (docs/ingest.md), each with whether a retry may succeed. */
public enum ErrorCode {
    INVALID_JSON("invalid_json", false),
    INVALID_RECORD("invalid_record", false),
    BATCH_TOO_LARGE("batch_too_large", false),
    MESSAGE_TOO_LARGE("message_too_large", false),
    UNSUPPORTED_FRAME("unsupported_frame", false),
    UNAVAILABLE("unavailable", true),
    /** The store is at its bound (the embedded store's memory); sending again cannot help. */
    STORE_FULL("store_full", false),
    /** The credential may not send this (its scope, its ingest_filter, or it was revoked); sending again cannot help. */
    FORBIDDEN("forbidden", false),
    /** The credential is over its rate; the reply says when to send again ({@code retry_after_ms}). */
    RATE_LIMITED("rate_limited", true),
    INTERNAL("internal", false);

    private final String wireName;
    private final boolean retryable;

    ErrorCode(String wireName, boolean retryable) {
        this.wireName = wireName;
        this.retryable = retryable;
    }

    /** The code as it appears on the wire, e.g. {@code invalid_json}. */
    public String wireName() {
        return wireName;
    }

    public boolean retryable() {
        return retryable;
    }
}
