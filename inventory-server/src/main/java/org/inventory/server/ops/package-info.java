/**
 * Operations: the store's health check for {@code /health} (up while the store answers, with the store's room when
 * it is full), the logging set up from the settings, and {@code GET /openapi}, the OpenAPI document of the HTTP API.
 */
package org.inventory.server.ops;
