/** What every HTTP route shares: the API's JSON error bodies. */
package org.inventory.server.http;
