/**
 * What every module's tests share: the test store, child processes (a store, a server), waiting with a deadline,
 * real clients (HTTP, WebSocket, raw frames) and a reader of the Prometheus text.
 */
package org.inventory.testkit;
