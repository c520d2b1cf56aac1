/**
 * The server's wiring: {@link org.inventory.server.Main} reads the settings and starts an
 * {@link org.inventory.server.InventoryServer}, which builds the capabilities below it (ingest, browse,
 * operations) with plain constructors and routes HTTP to them.
 */
package org.inventory.server;
