/**
 * The loader ({@code java -jar inventory-filler.jar --count N}, docs/loader.md): generates realistic inventory
 * records, deterministic for a seed, and streams them to the ingest WebSocket, retrying and reconnecting
 * until every record is acknowledged.
 */
package org.inventory.filler;
