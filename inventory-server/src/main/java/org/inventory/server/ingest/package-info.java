/**
 * Ingest: the WebSocket handshake, frames, messages, each connection's session and writer, and the store
 * writer that combines the writes of all connections. {@link org.inventory.server.ingest.WebSocketIngest} is
 * what the rest of the server sees of it.
 */
package org.inventory.server.ingest;
