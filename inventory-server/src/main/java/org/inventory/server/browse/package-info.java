/** Browse: {@code GET /display}, the stored records by page or cursor, as JSON and as an HTML page. */
package org.inventory.server.browse;
