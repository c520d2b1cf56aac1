/**
 * The ingest client: {@link org.inventory.filler.client.IngestClient} sends the messages that
 * {@link org.inventory.filler.client.Feed}s hand out over one or more WebSocket connections
 * ({@link org.inventory.filler.client.Lane}s), retries and reconnects, and counts the server's replies in a
 * {@link org.inventory.filler.client.Tally}; {@link org.inventory.filler.client.LoadResult} is the account of a
 * run. It knows nothing of where the records come from.
 */
package org.inventory.filler.client;
