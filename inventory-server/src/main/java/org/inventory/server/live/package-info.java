/**
 * {@code GET /live}: the records acknowledged from now on, as Server-Sent Events for programs and as a live page for
 * browsers, from MongoDB change streams where the store has them and from this instance's own acknowledgements
 * otherwise; resumable with {@code Last-Event-ID}, filtered and cut to fields as {@code /display} is.
 */
package org.inventory.server.live;
