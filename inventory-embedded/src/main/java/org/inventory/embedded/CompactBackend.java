package org.inventory.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;

/** mongo-java-server's in-memory backend with {@link CompactDatabase}s, whose records share one memory bound. */
final class CompactBackend extends AbstractMongoBackend {
    private final MemoryBound bound;

    CompactBackend(MemoryBound bound) {
        this.bound = bound;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new CompactDatabase(databaseName, getCursorRegistry(), bound);
    }
}
