package org.inventory.filler.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import org.inventory.filler.generate.Catalog.Category;
import org.inventory.filler.generate.Catalog.Product;
import org.inventory.filler.generate.Catalog.Supplier;
import org.inventory.filler.generate.Catalog.Warehouse;

/**
 * Makes inventory records as JSON: about 1 KB each, varied and plausible, and fixed by the seed and the
 * record's index alone. So the same seed gives the same records byte for byte, however they are batched or
 * spread over connections, and a record sent again is the same record: the server then counts it as a
 * duplicate by its {@code _id}. Thread-safe.
 */
public final class RecordGenerator {
    /** Records with indexes 0 to this (exclusive) get distinct {@code _id}s: the index is the id's last 4 bytes. */
    public static final long MAX_RECORDS = 1L << 32;

    private static final JsonFactory JSON = new JsonFactory();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final long FIRST_EPOCH_SECOND = 1_672_531_200L; // 2023-01-01T00:00:00Z
    private static final int EPOCH_SPAN_SECONDS = 3 * 365 * 86_400;
    private static final int MAX_AGE_SECONDS = 400 * 86_400;

    private final long seed;
    private final long createdAt;
    private final int origin;

    public RecordGenerator(long seed) {
        this.seed = seed;
        long mixed = SplitMix64.mix(seed);
        // The ObjectId layout: creation time, then where it was made, then a counter. Here the seed plays
        // the part of time and place, and the record index that of the counter.
        this.createdAt = FIRST_EPOCH_SECOND + Math.floorMod(mixed, EPOCH_SPAN_SECONDS);
        this.origin = (int) (mixed >>> 32);
    }

    public long seed() {
        return seed;
    }

    /** The record's {@code _id}: 24 lowercase hex digits in the ObjectId layout, ascending with the index. */
    public String id(long index) {
        checkIndex(index);
        char[] hex = new char[24];
        putHex(hex, 0, (int) createdAt);
        putHex(hex, 8, origin);
        putHex(hex, 16, (int) index);
        return new String(hex);
    }

    /** One record as JSON text. */
    public String record(long index) {
        return message(index, 1, false);
    }

    /**
     * The JSON text of one ingest message: the records {@code first} to {@code first + count - 1}, as an
     * array, or when {@code array} is false, the single record {@code first} as an object.
     */
    public String message(long first, int count, boolean array) {
        if (!array && count != 1) {
            throw new IllegalArgumentException("a message without an array holds one record, not " + count);
        }
        var text = new StringWriter(count * 1200);
        try (JsonGenerator out = JSON.createGenerator(text)) {
            if (array) {
                out.writeStartArray();
            }
            for (int i = 0; i < count; i++) {
                write(out, first + i);
            }
            if (array) {
                out.writeEndArray();
            }
        } catch (IOException e) {
            // A StringWriter does not fail; Jackson still declares it.
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Writes record {@code index} as one JSON object. */
    public void write(JsonGenerator out, long index) throws IOException {
        checkIndex(index);
        var rng = SplitMix64.forItem(seed, index);
        Category category = rng.pick(Catalog.CATEGORIES);
        String brand = rng.pick(Catalog.BRANDS);
        String adjective = rng.pick(Catalog.ADJECTIVES);
        Product product = rng.pick(category.products());
        int materialChoice = rng.nextInt(product.materials().length);
        String material = product.materials()[materialChoice];
        String size = rng.pick(product.sizes());
        String unit = rng.pick(product.units());
        String colour = rng.pick(Catalog.COLOURS);
        Warehouse warehouse = rng.pick(Catalog.WAREHOUSES);
        Supplier supplier = rng.pick(Catalog.SUPPLIERS);

        int quantity = rng.chance(6) ? 0 : rng.chance(20) ? rng.between(1, 25) : rng.between(25, 2_500);
        int reorderPoint = rng.between(2, 30) * 5;
        boolean discontinued = rng.chance(4);
        long updatedAt = createdAt - rng.nextInt(MAX_AGE_SECONDS);

        out.writeStartObject();
        out.writeStringField("_id", id(index));
        out.writeStringField(
                "sku",
                category.code() + "-" + digits(rng.nextInt(1_000_000), 6) + "-" + (char) ('A' + rng.nextInt(26)));
        out.writeStringField(
                "name",
                brand + " " + adjective + " " + product.titleMaterials()[materialChoice] + " " + product.noun() + " "
                        + size);
        out.writeStringField("category", category.name());
        out.writeStringField("brand", brand);
        out.writeStringField("description", description(rng, adjective, material, product, size, unit, category));
        out.writeNumberField("quantity", quantity);
        out.writeNumberField("reserved", quantity == 0 ? 0 : rng.nextInt(quantity / 8 + 1));
        out.writeNumberField("reorder_point", reorderPoint);
        out.writeStringField("unit", unit);
        out.writeStringField(
                "status",
                discontinued
                        ? "discontinued"
                        : quantity == 0 ? "out_of_stock" : quantity < reorderPoint ? "low_stock" : "in_stock");

        // Cheap things are common, expensive ones rare: squaring a uniform value skews it low.
        double u = rng.nextInt(1_000_000) / 1_000_000.0;
        long euroCents = category.minCents() + (long) ((category.maxCents() - category.minCents()) * u * u);
        long priceCents = shelfPrice(euroCents * warehouse.eurRate());
        long costCents = Math.round(priceCents * rng.between(45, 75) / 100.0);
        writeMoney(out, "price", priceCents, warehouse.currency());
        writeMoney(out, "cost", costCents, warehouse.currency());

        out.writeObjectFieldStart("warehouse");
        out.writeStringField("code", warehouse.code());
        out.writeStringField("city", warehouse.city());
        out.writeStringField("country", warehouse.country());
        out.writeEndObject();

        String aisle = (char) ('A' + rng.nextInt(8)) + Integer.toString(rng.between(1, 24));
        int shelf = rng.between(1, 6);
        out.writeObjectFieldStart("location");
        out.writeStringField("aisle", aisle);
        out.writeNumberField("shelf", shelf);
        out.writeStringField("bin", aisle + "-" + shelf + "-" + digits(rng.between(1, 40), 2));
        out.writeEndObject();

        out.writeObjectFieldStart("supplier");
        out.writeStringField("id", supplier.id());
        out.writeStringField("name", supplier.name());
        out.writeStringField("country", supplier.country());
        out.writeStringField("email", supplier.email());
        out.writeNumberField("lead_time_days", rng.between(2, 45));
        out.writeEndObject();

        out.writeStringField("barcode", ean13(rng));
        out.writeObjectFieldStart("dimensions_mm");
        out.writeNumberField("length", rng.between(10, 600));
        out.writeNumberField("width", rng.between(5, 400));
        out.writeNumberField("height", rng.between(2, 300));
        out.writeEndObject();
        out.writeNumberField("weight_g", rng.between(category.minGrams(), category.maxGrams()));
        out.writeStringField("colour", colour);

        out.writeArrayFieldStart("tags");
        out.writeString(category.name().toLowerCase(Locale.ROOT));
        out.writeString(material);
        if (rng.chance(60)) {
            out.writeString(adjective.toLowerCase(Locale.ROOT));
        }
        if (rng.chance(40)) {
            out.writeString(colour);
        }
        if (quantity < reorderPoint && !discontinued) {
            out.writeString("reorder");
        }
        out.writeEndArray();

        out.writeStringField("updated_at", Instant.ofEpochSecond(updatedAt).toString());
        out.writeStringField("updated_by", rng.pick(Catalog.STAFF));
        out.writeEndObject();
    }

    private static String description(
            SplitMix64 rng,
            String adjective,
            String material,
            Product product,
            String size,
            String unit,
            Category category) {
        return adjective + " " + product.lowerNoun() + " in " + material + ", " + size + ", " + category.purpose()
                + ". " + rng.pick(Catalog.FEATURES) + " Sold per " + unit + ".";
    }

    /** Rounds to a price that ends in 9 cents, as shelf prices do. */
    private static long shelfPrice(double cents) {
        long rounded = Math.max(10, Math.round(cents / 10.0) * 10);
        return rounded - 1;
    }

    private static void writeMoney(JsonGenerator out, String field, long cents, String currency) throws IOException {
        out.writeObjectFieldStart(field);
        // Written as a decimal number from whole cents: no binary fraction ever shows as 12.490000000000002.
        out.writeFieldName("amount");
        out.writeNumber(cents / 100 + "." + digits(cents % 100, 2));
        out.writeStringField("currency", currency);
        out.writeEndObject();
    }

    /** A valid EAN-13: twelve digits and their check digit. */
    private static String ean13(SplitMix64 rng) {
        char[] digits = new char[13];
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            int digit = i == 0 ? rng.between(1, 9) : rng.nextInt(10);
            digits[i] = (char) ('0' + digit);
            sum += digit * (i % 2 == 0 ? 1 : 3);
        }
        digits[12] = (char) ('0' + (10 - sum % 10) % 10);
        return new String(digits);
    }

    private static String digits(long value, int width) {
        String text = Long.toString(value);
        return text.length() >= width ? text : "0".repeat(width - text.length()) + text;
    }

    private static void putHex(char[] into, int at, int value) {
        for (int i = 7; i >= 0; i--) {
            into[at + i] = HEX[value & 0xF];
            value >>>= 4;
        }
    }

    private static void checkIndex(long index) {
        if (index < 0 || index >= MAX_RECORDS) {
            throw new IllegalArgumentException("record index " + index + " is outside 0.." + (MAX_RECORDS - 1));
        }
    }
}
