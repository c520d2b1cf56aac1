/** The embedded store: mongo-java-server on loopback, for trying the service on a bare host and for tests. */
package org.inventory.embedded;
