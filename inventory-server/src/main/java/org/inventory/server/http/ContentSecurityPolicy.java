package org.inventory.server.http;

/**
 * The Content-Security-Policy of each kind of response, in one place. Every response carries {@link #NOTHING} (set
 * before routing); an HTML page replaces it with its own, which still loads nothing from elsewhere, runs no script
 * but its own, and may not be framed by any site ({@code frame-ancestors 'none'}: no clickjacking of a logged-in
 * browser). Styles may be inline: the pages' one style element comes from the templates, and every value a client
 * sent is escaped where it lands, so no client can add a style of its own.
 */
public final class ContentSecurityPolicy {
    public static final String HEADER = "Content-Security-Policy";

    /** For JSON, CSV, the event stream and errors: a browser that opens one as a page may run, load or frame nothing. */
    public static final String NOTHING =
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** {@code /display}'s page: plain links and forms back to itself, no script at all. */
    public static final String DISPLAY_PAGE = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
            + " base-uri 'none'; frame-ancestors 'none'";

    private ContentSecurityPolicy() {}

    /**
     * {@code /live}'s and {@code /overview}'s pages: only the page's own inline script (by {@code nonce}) runs, and it
     * may only connect back here (their {@code EventSource}).
     */
    public static String livePage(String nonce) {
        return "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'unsafe-inline'; connect-src 'self';"
                + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }
}
