/**
 * The store: where the records live (a MongoDB URL), the driver's client, and the repository of inserts, pages
 * and counts. The only package that uses the MongoDB driver; it turns the driver's failures into its own
 * outcomes ({@link org.inventory.core.store.InsertOutcome}) and exceptions.
 */
package org.inventory.core.store;
