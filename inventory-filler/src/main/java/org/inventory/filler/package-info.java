/**
 * The loader ({@code java -jar inventory-filler.jar --count N}, docs/loader.md): generates realistic inventory
 * records, deterministic for a seed, or imports a file of them, and streams them to the ingest WebSocket, retrying
 * and reconnecting until every record is acknowledged.
 * <p>
 * This package is the command line on top: {@link org.inventory.filler.Launcher} (the jar's Main-Class, which
 * checks the Java version) and {@link org.inventory.filler.FillCommand} (the options, then one run, then the exit
 * code). The capabilities below it, each depending only on those after it:
 * <ul>
 * <li>{@link org.inventory.filler.generate}: the generated records and the run of {@code --count};</li>
 * <li>{@link org.inventory.filler.imports}: reading NDJSON, JSON and CSV files through the record rules, and the
 * run of {@code --file};</li>
 * <li>{@link org.inventory.filler.progress}: the progress bar or lines on the error stream;</li>
 * <li>{@link org.inventory.filler.client}: the WebSocket connections that send messages and count the replies.</li>
 * </ul>
 * Generating and importing never see each other.
 */
package org.inventory.filler;
