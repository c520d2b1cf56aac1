/** The Helidon SE server: WebSocket ingest, the {@code /display} browser, health, metrics, start-up and shutdown. */
package org.inventory.server;
