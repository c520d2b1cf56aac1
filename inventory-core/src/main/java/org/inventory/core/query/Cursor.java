package org.inventory.core.query;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.ObjectId;

/**
 * Where a walk through the records stopped: the last record's sort-key values (its {@code _id} last), to continue
 * strictly after it with a {@link #condition(SortSpec) keyset condition} that costs the same at any depth, unlike
 * skipping.
 *
 * <p>As a token it is URL-safe base64 of a BSON document {@code {v: [values…], h: <8 bytes>}}, where {@code h} is
 * the start of a SHA-256 over the scope (the collection), the filter, the sort and the values. So a token is
 * refused when it belongs to another collection, filter or sort (where its values would mean something else) or
 * when it was edited or cut short. It is a checksum, not a signature: someone who computes one can only choose
 * where their own walk starts, which the filter still bounds.
 * <p>
 * In the default order ({@code _id} alone) a bare 24-hex {@code _id} is a cursor too, as {@code /display} has
 * always taken it; tokens of the unfiltered default order are written that way.
 *
 * @param values the last record's value of each sort key, in the sort's order; null for a missing field
 */
public record Cursor(List<BsonValue> values) {
    /** Far more than any token this service writes for sort keys of ordinary size. */
    public static final int MAX_TOKEN = 4096;

    private static final String PARAMETER = "after";
    private static final int HASH_BYTES = 8;
    private static final JsonWriterSettings CANONICAL =
            JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    public Cursor {
        values = List.copyOf(values);
    }

    /**
     * The cursor after a record, which must hold every sort key (the projection adds them).
     *
     * @throws QueryException naming {@code sort} when a sort key of the record holds an array: MongoDB sorts an
     *                        array by one of its elements, which no keyset condition can continue from; page
     *                        numbers still work for such a sort
     */
    public static Cursor after(BsonDocument record, SortSpec sort) {
        var values = new ArrayList<BsonValue>(sort.keys().size());
        for (SortKey key : sort.keys()) {
            values.add(valueAt(record, key.path()));
        }
        return new Cursor(values);
    }

    private static BsonValue valueAt(BsonDocument record, String path) {
        BsonValue value = record;
        for (String part : path.split("\\.", -1)) {
            if (value.isArray()) {
                throw arrayKey(path);
            }
            if (!value.isDocument()) {
                return BsonNull.VALUE;
            }
            value = value.asDocument().get(part);
            if (value == null) {
                return BsonNull.VALUE;
            }
        }
        if (value.isArray()) {
            throw arrayKey(path);
        }
        return value;
    }

    private static QueryException arrayKey(String path) {
        return new QueryException(
                "sort",
                "sort key '" + path + "' holds an array in a record, so these results "
                        + "cannot be continued with a cursor; use page numbers or sort by a single-valued field");
    }

    /** The condition for the records strictly after this one, in the sort's order. */
    public BsonDocument condition(SortSpec sort) {
        if (values.size() != sort.keys().size()) {
            throw new IllegalArgumentException("a cursor of " + values.size() + " values for " + sort);
        }
        return Keyset.after(sort.keys(), values);
    }

    /** The token for this cursor in the walk of {@code filter} in {@code sort} order over {@code scope}. */
    public String encode(String scope, FilterSpec filter, SortSpec sort) {
        if (sort.equals(SortSpec.byId())
                && filter.selectsAll()
                && values.getFirst().isObjectId()) {
            return values.getFirst().asObjectId().getValue().toHexString();
        }
        var token = new BsonDocument("v", new BsonArray(values));
        token.put("h", new BsonBinary(hash(scope, filter, sort, token)));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(token));
    }

    /**
     * Reads a token written by {@link #encode} for the same scope, filter and sort, or in the default order a bare
     * {@code _id}.
     *
     * @throws QueryException naming {@code after} when it is not such a token: malformed, edited, cut short, or
     *                        written for another collection, filter or sort
     */
    public static Cursor decode(String token, String scope, FilterSpec filter, SortSpec sort) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            throw refused();
        }
        if (token.length() == 24 && sort.equals(SortSpec.byId()) && ObjectId.isValid(token)) {
            return new Cursor(List.of(new BsonObjectId(new ObjectId(token))));
        }
        BsonDocument document;
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
            if (bytes.length < 5
                    || ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt() != bytes.length) {
                throw refused();
            }
            try (var reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
                document = new BsonDocumentCodec()
                        .decode(reader, DecoderContext.builder().build());
            }
        } catch (RuntimeException e) {
            if (e instanceof QueryException q) {
                throw q;
            }
            throw refused();
        }
        // Exactly the bytes this class writes: the reader overlooks some (an array's element names), and an
        // edit there must not pass either.
        if (!document.keySet().equals(Set.of("v", "h"))
                || !document.isArray("v")
                || !document.isBinary("h")
                || document.getBinary("h").getType() != 0
                || !Arrays.equals(bytes(document), bytes)) {
            throw refused();
        }
        List<BsonValue> values = document.getArray("v").getValues();
        byte[] hash = document.getBinary("h").getData();
        var unsigned = new BsonDocument("v", document.getArray("v"));
        if (values.size() != sort.keys().size() || !MessageDigest.isEqual(hash, hash(scope, filter, sort, unsigned))) {
            throw refused();
        }
        return new Cursor(values);
    }

    private static byte[] hash(String scope, FilterSpec filter, SortSpec sort, BsonDocument unsigned) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(scope.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(filter.filter().toJson(CANONICAL).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(sort.toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(bytes(unsigned));
            return Arrays.copyOf(digest.digest(), HASH_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] bytes(BsonDocument document) {
        ByteBuffer buffer = new RawBsonDocument(document, new BsonDocumentCodec())
                .getByteBuffer()
                .asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static QueryException refused() {
        return new QueryException(
                PARAMETER,
                "after is not a cursor of this filter and sort; " + "start again without it and follow the next links");
    }
}
