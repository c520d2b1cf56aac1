/** The service's configuration from the environment, checked once at start-up. */
package org.inventory.server.config;
