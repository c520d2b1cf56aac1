/**
 * Generated records ({@code --count N}): {@link org.inventory.filler.generate.RecordGenerator} makes record
 * {@code i} of a seed the same every time, with its own {@code _id}; {@link org.inventory.filler.generate.GenerateRun}
 * splits them into one contiguous share per connection, sends them, and prints the seed and the summary.
 */
package org.inventory.filler.generate;
