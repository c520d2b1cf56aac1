/**
 * What a client asks of the records beyond a page number: a filter in MongoDB's query syntax, a sort, the fields
 * to return and an opaque cursor to continue after the last record seen. Each is parsed once into an immutable
 * value with a precise {@link org.inventory.core.query.QueryException}; they hold BSON (the filter also the tree its
 * Java matcher is built from), never the driver, which stays behind {@code org.inventory.core.store}.
 */
package org.inventory.core.query;
