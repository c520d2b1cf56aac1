/** The inventory domain: record validation and conversion, the MongoDB repository, settings and the embedded store. */
package org.inventory.core;
