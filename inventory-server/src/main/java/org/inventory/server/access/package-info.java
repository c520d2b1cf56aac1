/**
 * Who may do what: named credentials from {@code INVENTORY_CREDENTIALS_FILE} (or the single tokens of a plain
 * set-up), their scopes, expiry and constraints, the rate each may use, the guard against guessed tokens, and the
 * audit trail of it all. It knows no HTTP route: ingest and the read routes ask it, each at its own door.
 */
package org.inventory.server.access;
