package org.inventory.server.live;

import org.inventory.core.query.FieldsSpec;

/** One acknowledged record on the feed: its resume token and its {@code /display} item as JSON. */
interface LiveEvent {
    /** The opaque token a client sends back as {@code Last-Event-ID} to continue after this event. */
    String id();

    /** The record as UTF-8 JSON, cut to {@code fields}. */
    byte[] json(FieldsSpec fields);

    /** Its whole {@code event: record} (id, name and data), cut to {@code fields}. */
    default byte[] event(FieldsSpec fields) {
        return EventStreamWriter.recordEvent(id(), json(fields));
    }
}
