/**
 * The store: where the records live (a MongoDB URL) and the driver's client ({@link org.inventory.core.store.Store}),
 * ingest's writes of records ({@link org.inventory.core.store.RecordWriter}), the reads of records
 * ({@link org.inventory.core.store.RecordQueries}) and the store's administration
 * ({@link org.inventory.core.store.StoreAdmin}: indexes, ping, room, change streams). The only package that uses the
 * MongoDB driver; it turns the driver's failures into its own outcomes
 * ({@link org.inventory.core.store.InsertOutcome}) and exceptions.
 */
package org.inventory.core.store;
