/**
 * Importing a file ({@code --file PATH}): readers for NDJSON, JSON and CSV that tell each record's line, the
 * server's record rules applied before sending ({@link org.inventory.filler.imports.RecordCheck}), and
 * {@link org.inventory.filler.imports.ImportRun}, which sends the records (or, in a dry run, only checks them) and
 * reports the refused ones by line. The name is {@code imports} because {@code import} is a Java keyword.
 */
package org.inventory.filler.imports;
