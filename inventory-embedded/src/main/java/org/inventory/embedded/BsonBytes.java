package org.inventory.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A document as BSON bytes and back, with the store's own wire codec: the bytes decode to the very values the
 * store decoded from the wire, so a stored record reads back exactly as it was sent. One instance per writer
 * reuses its buffer; it is not thread-safe (decoding is, being static).
 */
final class BsonBytes {
    private final ByteBuf buffer = Unpooled.buffer(4096);

    byte[] encode(Document document) {
        buffer.clear();
        BsonEncoder.encodeDocument(document, buffer);
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.getBytes(buffer.readerIndex(), bytes);
        return bytes;
    }

    static Document decode(byte[] bson) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }
}
