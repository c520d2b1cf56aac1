/** What every HTTP route shares: the API's JSON error bodies, query parameters, read access and content security policies. */
package org.inventory.server.http;
