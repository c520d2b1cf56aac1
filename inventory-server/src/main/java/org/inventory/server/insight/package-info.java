/**
 * Insight: {@code GET /summary} (records grouped by one or two paths, or by arrival time, with counts and numeric
 * aggregates), {@code GET /schema} (the field paths and types of a random sample) and {@code GET /overview} (one
 * page of both, with charts drawn by the server). The service builds every pipeline itself: clients name paths,
 * never stages. {@link org.inventory.server.insight.SummaryService}, {@link org.inventory.server.insight.SchemaService}
 * and {@link org.inventory.server.insight.OverviewService} are what the rest of the server sees of it.
 */
package org.inventory.server.insight;
