/**
 * How far a run has come, on the error stream: a progress bar on a terminal, a line every few seconds otherwise,
 * nothing when quiet; and the notes on retries and reconnects that the connections give on the way.
 */
package org.inventory.filler.progress;
