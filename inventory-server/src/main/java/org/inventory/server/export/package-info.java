/**
 * Export: {@code GET /export}, every record of a query ({@code filter}, {@code sort}, {@code fields}) as NDJSON, CSV
 * or one JSON array, streamed from one store cursor while the next batch is read, so memory holds a batch or two
 * whatever the size of the result. {@link org.inventory.server.export.ExportService} is what the rest of the server
 * sees of it.
 */
package org.inventory.server.export;
