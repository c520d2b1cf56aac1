/** Transport and browser security: TLS from PEM files, reloaded when they change, and the secure headers. */
package org.inventory.server.security;
