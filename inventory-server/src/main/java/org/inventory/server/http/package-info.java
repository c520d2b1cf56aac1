/**
 * What the HTTP routes share: reading query parameters strictly ({@link org.inventory.server.http.QueryParameters},
 * each error an {@link org.inventory.server.http.InvalidParameterException} naming its parameter), the
 * {@code filter}, {@code sort} and {@code fields} of {@code /display}, {@code /export} and {@code /live} parsed once
 * ({@link org.inventory.server.http.FindParameters}), the API's JSON error bodies
 * ({@link org.inventory.server.http.ErrorBodies}), the read routes' access filter
 * ({@link org.inventory.server.http.ReadAccess}), the pages' content security policies
 * ({@link org.inventory.server.http.ContentSecurityPolicy}) and the precompiled jte templates of
 * the HTML pages ({@link org.inventory.server.http.Templates}).
 */
package org.inventory.server.http;
