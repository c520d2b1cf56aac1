/** Operations: the store's health check and logging. */
package org.inventory.server.ops;
