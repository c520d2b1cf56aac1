/**
 * The server's wiring: {@link org.inventory.server.Main} reads the settings and starts an
 * {@link org.inventory.server.InventoryServer}, which starts the embedded store when the settings name it
 * ({@link org.inventory.server.LocalStore}), opens the store, builds the capabilities below it (ingest, browse,
 * export, live, operations) with plain constructors, routes HTTP to them, maps their errors to the API's error
 * bodies in one place, and drains them on shutdown: ingest first, then the live streams.
 */
package org.inventory.server;
