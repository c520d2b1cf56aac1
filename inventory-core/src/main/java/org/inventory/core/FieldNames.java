package org.inventory.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import org.bson.BsonBinaryReader;
import org.bson.BsonType;
import org.bson.RawBsonDocument;

/** The columns a table of records has: {@code _id}, then every top-level field name in the order first seen. */
public final class FieldNames {
    private FieldNames() {}

    public static List<String> columns(Iterable<RawBsonDocument> records) {
        SequencedSet<String> names = new LinkedHashSet<>();
        names.add("_id");
        for (RawBsonDocument record : records) {
            // Reads only the names from the bytes and skips the values: nothing is decoded for this.
            try (var reader = new BsonBinaryReader(record.getByteBuffer().asNIO())) {
                reader.readStartDocument();
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    names.add(reader.readName());
                    reader.skipValue();
                }
            }
        }
        return new ArrayList<>(names);
    }
}
