/**
 * The records: reading a message's JSON, the record rules, writing BSON, the protocol's error codes, and BSON
 * back to JSON for display. No HTTP, no store.
 */
package org.inventory.core;
