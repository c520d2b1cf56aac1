package org.inventory.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Queue;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A collection that keeps each record as its BSON bytes (about a sixth of the heap the stock in-memory collection's
 * maps of Java objects take) and its {@code _id}s in order, so that a find sorted by {@code _id} walks that order
 * from where its {@code _id} conditions start and stops at the page's end, as MongoDB walks its {@code _id} index,
 * instead of sorting the collection. Every other find goes the stock way: each record matched against the query,
 * then sorted. Records are read from their bytes as they are matched or sent, and matched as MongoDB matches them
 * ({@link RecordMatcher}). Inserts are refused once the
 * store's {@link MemoryBound} is reached.
 *
 * <p>Positions are handed out as the stock collection does (a freed one is used again first), so the natural
 * order, and with it the order of ties in a sort, is the stock's.
 */
final class CompactCollection extends AbstractSynchronizedMongoCollection<Integer> {
    /**
     * MongoDB's {@code ExceededMemoryLimit}: what its in-memory storage engine answers a write that would overflow
     * its memory (WiredTiger's {@code WT_CACHE_FULL}), the nearest real code to this store's state.
     */
    static final int EXCEEDED_MEMORY_LIMIT = 146;

    private final List<byte[]> records = new ArrayList<>();
    private final Queue<Integer> freePositions = new ArrayDeque<>();
    private final NavigableSet<IdKey> byId = new TreeSet<>(IdKey.ORDER);
    private final BsonBytes bson = new BsonBytes();
    private final MemoryBound bound;
    private final RecordMatcher matcher = new RecordMatcher();
    /** The unique indexes but {@code _id}'s, for finds and updates by key (the stock store keeps its list private). */
    private final List<Index<Integer>> keyIndexes = new ArrayList<>();
    /** What the records of this collection take: their BSON bytes, and those with the estimated overhead. */
    private long dataSize;

    private long held;

    CompactCollection(
            MongoDatabase database,
            String collectionName,
            CollectionOptions options,
            CursorRegistry cursorRegistry,
            MemoryBound bound) {
        super(database, collectionName, options, cursorRegistry);
        this.bound = bound;
    }

    @Override
    public synchronized List<Document> insertDocuments(List<Document> documents, boolean isOrdered) {
        if (bound.reached()) {
            // The whole insert, not part of it: a client is told plainly that none of it was stored.
            var errors = new ArrayList<Document>(documents.size());
            for (int i = 0; i < documents.size(); i++) {
                errors.add(new Document("index", i)
                        .append("errmsg", fullMessage())
                        .append("code", EXCEEDED_MEMORY_LIMIT)
                        .append("codeName", "ExceededMemoryLimit"));
            }
            return errors;
        }
        return super.insertDocuments(documents, isOrdered);
    }

    private String fullMessage() {
        return "the embedded store is at its memory bound: its records take " + megabytes(bound.used())
                + " MB of the " + megabytes(bound.limit()) + " MB it may use (half of the JVM's heap);"
                + " set MONGODB_URL to a MongoDB server to store more";
    }

    private static long megabytes(long bytes) {
        return bytes / (1024 * 1024);
    }

    /** As MongoDB matches, arrays of arrays included, rather than as the stock store does. */
    @Override
    protected boolean documentMatchesQuery(Document document, Document query) {
        return matcher.matches(document, query);
    }

    @Override
    protected Integer addDocumentInternal(Document document) {
        byte[] record = bson.encode(document);
        Integer free = freePositions.peek();
        int position = free != null ? free : records.size();
        // First, as the order may refuse an id it cannot compare: then nothing has changed.
        byId.add(new IdKey(document.get(getIdField()), position));
        if (free != null) {
            freePositions.poll();
            records.set(position, record);
        } else {
            records.add(record);
        }
        account(record, 1);
        return position;
    }

    @Override
    protected void removeDocument(Integer position) {
        byte[] record = records.get(position);
        byId.remove(new IdKey(BsonBytes.decode(record).get(getIdField()), position));
        records.set(position, null);
        freePositions.add(position);
        account(record, -1);
    }

    @Override
    protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
        Object oldId = oldDocument.get(getIdField());
        Object newId = newDocument.get(getIdField());
        // The id cannot change, but its type may (1 for 1.0), which a $type condition tells apart: only then does
        // its place in the id order move (a look-up there costs more than the rest of an update).
        if (!sameId(oldId, newId)) {
            byId.remove(new IdKey(oldId, position));
            byId.add(new IdKey(newId, position));
        }
        replace(position, bson.encode(newDocument));
    }

    /** The same id, of the same type: its key in the id order stays where it is. */
    private static boolean sameId(Object oldId, Object newId) {
        return oldId != null && newId != null && oldId.getClass() == newId.getClass() && oldId.equals(newId);
    }

    private void replace(int position, byte[] updated) {
        byte[] old = records.get(position);
        records.set(position, updated);
        account(old, -1);
        account(updated, 1);
    }

    private void account(byte[] record, int sign) {
        long cost = MemoryBound.cost(record);
        dataSize += sign * (long) record.length;
        held += sign * cost;
        if (sign > 0) {
            bound.add(cost);
        } else {
            bound.release(cost);
        }
    }

    @Override
    protected Document getDocument(Integer position) {
        return BsonBytes.decode(records.get(position));
    }

    /** This collection counts its bytes itself, from the records it encodes, rather than encoding them again. */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
        dataSize += sizeDelta;
    }

    @Override
    protected int getDataSize() {
        return (int) Math.min(dataSize, Integer.MAX_VALUE);
    }

    @Override
    public synchronized int count() {
        return records.size() - freePositions.size();
    }

    /**
     * Up to {@code size} distinct records drawn uniformly at random, in random order, decoding only those: a
     * {@code $sample} of the whole collection costs the sample, not a pass over every record.
     */
    synchronized List<Document> sample(int size) {
        var random = new java.util.SplittableRandom();
        var positions = new ArrayList<Integer>();
        if (size >= count()) {
            for (int position = 0; position < records.size(); position++) {
                if (records.get(position) != null) {
                    positions.add(position);
                }
            }
            java.util.Collections.shuffle(positions, new java.util.Random(random.nextLong()));
        } else {
            var picked = new java.util.LinkedHashSet<Integer>();
            while (picked.size() < size) {
                int position = random.nextInt(records.size());
                if (records.get(position) != null) {
                    picked.add(position);
                }
            }
            positions.addAll(picked);
        }
        var sample = new ArrayList<Document>(positions.size());
        for (int position : positions) {
            sample.add(BsonBytes.decode(records.get(position)));
        }
        return sample;
    }

    /**
     * The records a find of {@code filter} matches, in natural order, each decoded with the named top-level
     * {@code fields} only (all of them for null), as the aggregation stages that follow need them, with its bytes
     * for a stage that needs it whole after all; null when an index answers that find (then it goes the stock way,
     * in the index's order). The records are the ones stored when it is called; they are decoded and matched as
     * the stream is read, outside the collection's lock.
     */
    Stream<GroupedPass.Scanned> scan(Document filter, java.util.Set<String> fields) {
        List<byte[]> stored;
        synchronized (this) {
            if (!filter.isEmpty()
                    && ((!keyIndexes.isEmpty() && keyPositions(filter) != null)
                            || getIndexes().stream().anyMatch(index -> index.canHandle(filter)))) {
                return null;
            }
            stored = new ArrayList<>(records);
        }
        BsonBytes.Selection selection = BsonBytes.Selection.of(fields);
        Stream<GroupedPass.Scanned> scanned = stored.stream()
                .filter(java.util.Objects::nonNull)
                .map(record ->
                        new GroupedPass.Scanned(BsonBytes.decode(record, selection), fields == null ? null : record));
        return filter.isEmpty() ? scanned : scanned.filter(found -> documentMatchesQuery(found.document(), filter));
    }

    @Override
    public synchronized boolean isEmpty() {
        return count() == 0;
    }

    @Override
    protected Stream<DocumentWithPosition<Integer>> streamAllDocumentsWithPosition() {
        return IntStream.range(0, records.size())
                .filter(position -> records.get(position) != null)
                .mapToObj(position -> new DocumentWithPosition<>(getDocument(position), position));
    }

    @Override
    public synchronized void drop() {
        super.drop();
        bound.release(held);
        held = 0;
        dataSize = 0;
        records.clear();
        freePositions.clear();
        byId.clear();
    }

    @Override
    public synchronized void addIndex(Index<Integer> index) {
        super.addIndex(index);
        if (index.isUnique()
                && !index.getKeys().stream().map(IndexKey::getKey).toList().equals(List.of(getIdField()))
                && keyIndexes.stream().noneMatch(known -> known.getName().equals(index.getName()))) {
            keyIndexes.add(index);
        }
    }

    @Override
    public synchronized void dropIndex(String indexName) {
        super.dropIndex(indexName);
        keyIndexes.removeIf(index -> index.getName().equals(indexName));
    }

    /**
     * As MongoDB, a find (or an update's find) whose equality conditions cover a unique index's keys reads the
     * record of those values from the index and matches only it against the whole query, and an {@code $or} of
     * such clauses reads each one's: upsert mode's conditional replaces ({@code {key..., version: {$lt: v}}}) and
     * its reads after the write then cost one index look-up each, where the stock store scans the collection
     * unless the query names the index's keys and nothing else.
     */
    @Override
    protected synchronized QueryResult queryDocuments(
            Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        if (!keyIndexes.isEmpty() && (orderBy == null || orderBy.isEmpty())) {
            List<Integer> positions = keyPositions(query);
            if (positions != null) {
                var documents = positions.stream().distinct().map(this::getDocument);
                return matchDocumentsFromStream(documents, query, null, numberToSkip, limit, batchSize, fieldSelector);
            }
        }
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /**
     * A replacement (no update operators, no {@code _id} of its own) of one record found through a key index, as
     * upsert mode's conditional replace is: of the record found only the fields the query, {@code _id} and the key
     * indexes read are decoded to match it; the replacement ({@code _id} plus the update) is encoded once, and
     * stored unless its bytes are the stored ones (MongoDB's no-op: {@code nModified} 0); only the key indexes whose
     * keys it changes are updated, {@code _id}'s stays. The stock path deep-copies the decoded record and looks it
     * up again. Anything else, and a replacement that matches nothing (an upsert's insert), goes the stock way.
     */
    @Override
    public synchronized Document updateDocuments(
            Document selector,
            Document update,
            de.bwaldvogel.mongo.backend.ArrayFilters arrayFilters,
            boolean isMulti,
            boolean isUpsert,
            de.bwaldvogel.mongo.oplog.Oplog oplog) {
        if (isMulti || keyIndexes.isEmpty() || update.containsKey(getIdField()) || hasOperator(update)) {
            return super.updateDocuments(selector, update, arrayFilters, isMulti, isUpsert, oplog);
        }
        List<Integer> positions = keyPositions(selector);
        if (positions == null) {
            return super.updateDocuments(selector, update, arrayFilters, isMulti, isUpsert, oplog);
        }
        BsonBytes.Selection read = positions.isEmpty() ? null : readForReplace(selector);
        for (Integer position : positions) {
            byte[] record = records.get(position);
            Document stored = BsonBytes.decode(record, read);
            if (!documentMatchesQuery(stored, selector)) {
                continue;
            }
            Object id = stored.get(getIdField());
            var replacement = new Document(getIdField(), id);
            replacement.putAll(update);
            de.bwaldvogel.mongo.backend.Utils.validateFieldNames(replacement);
            byte[] encoded = bson.encode(replacement);
            boolean changed = !java.util.Arrays.equals(encoded, record);
            if (changed) {
                var moved = new ArrayList<Index<Integer>>(keyIndexes.size());
                for (Index<Integer> index : keyIndexes) {
                    // The index's own test, done once here: its keys of both, normalised, in order.
                    if (!new ArrayList<>(index.getKeyValues(stored))
                            .equals(new ArrayList<>(index.getKeyValues(replacement)))) {
                        index.checkUpdate(stored, replacement, this);
                        moved.add(index);
                    }
                }
                for (Index<Integer> index : moved) {
                    index.updateInPlace(stored, replacement, position, this);
                }
                replace(position, encoded);
            }
            oplog.handleUpdate(getFullName(), selector, update, changed ? List.of(id) : List.of());
            return new Document("n", 1).append("nModified", changed ? 1 : 0);
        }
        return super.updateDocuments(selector, update, arrayFilters, isMulti, isUpsert, oplog);
    }

    private static boolean hasOperator(Document update) {
        for (String name : update.keySet()) {
            if (name.startsWith("$")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The top-level fields a replace by key reads of the record it finds: those the query matches, {@code _id},
     * and the key indexes' (to move their entries); null (the whole record) when the query reads more.
     */
    private BsonBytes.Selection readForReplace(Document selector) {
        java.util.Set<String> fields = FieldsRead.ofFilter(selector);
        if (fields == null) {
            return null;
        }
        fields.add(getIdField());
        for (Index<Integer> index : keyIndexes) {
            for (IndexKey key : index.getKeys()) {
                String path = key.getKey();
                int dot = path.indexOf('.');
                fields.add(dot < 0 ? path : path.substring(0, dot));
            }
        }
        return BsonBytes.Selection.of(fields);
    }

    /** The positions a key index gives for the query (or each clause of a lone {@code $or}); null when none can. */
    private List<Integer> keyPositions(Document query) {
        if (query.size() == 1 && query.get("$or") instanceof List<?> clauses && !clauses.isEmpty()) {
            var positions = new ArrayList<Integer>();
            for (Object clause : clauses) {
                List<Integer> found = clause instanceof Document document ? keyPositions(document) : null;
                if (found == null) {
                    return null;
                }
                positions.addAll(found);
            }
            return positions;
        }
        for (Index<Integer> index : keyIndexes) {
            var equalities = new Document();
            for (IndexKey key : index.getKeys()) {
                Object value = query.get(key.getKey());
                if (value == null
                        || value instanceof Document
                        || value instanceof java.util.Collection
                        || value instanceof java.util.regex.Pattern
                        || value instanceof de.bwaldvogel.mongo.bson.BsonRegularExpression) {
                    equalities = null;
                    break;
                }
                equalities.put(key.getKey(), value);
            }
            if (equalities != null && index.canHandle(equalities)) {
                var positions = new ArrayList<Integer>();
                index.getPositions(equalities).forEach(positions::add);
                return positions;
            }
        }
        return null;
    }

    @Override
    protected QueryResult matchDocuments(
            Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        boolean naturalDescending = isNaturalDescending(orderBy);
        List<byte[]> found = IdOrder.of(orderBy, getIdField())
                .map(ascending -> inIdOrder(query, ascending, numberToSkip, limit))
                .orElseGet(() -> inNaturalOrder(query, orderBy, naturalDescending, numberToSkip, limit));
        return answer(found, batchSize, fieldSelector);
    }

    /** The records a find sorted by {@code _id} returns: a walk of the range its {@code _id} conditions allow. */
    private List<byte[]> inIdOrder(Document query, boolean ascending, int skip, int limit) {
        NavigableSet<IdKey> range = IdRange.of(query, getIdField()).within(byId);
        boolean everything = query.isEmpty();
        // A query about _id alone is answered from the index's own keys, without reading the records.
        boolean idAlone = !everything && IdConditions.only(query, getIdField());
        var found = new Matches<byte[]>(skip, limit);
        for (IdKey key : ascending ? range : range.descendingSet()) {
            byte[] record = records.get(key.position());
            if (!everything) {
                Document candidate = idAlone ? new Document(getIdField(), key.id()) : BsonBytes.decode(record);
                if (!documentMatchesQuery(candidate, query)) {
                    continue;
                }
            }
            if (!found.add(record)) {
                break;
            }
        }
        return found.kept();
    }

    /** Any other find: every record in natural order, matched, then sorted as the store's sort would. */
    private List<byte[]> inNaturalOrder(Document query, Document orderBy, boolean descending, int skip, int limit) {
        boolean sorted = deriveComparator(orderBy) != null;
        boolean everything = query.isEmpty();
        long enough = !sorted && limit > 0 ? Math.max(skip, 0) + (long) limit : Long.MAX_VALUE;
        var matches = new ArrayList<SortedRecord>();
        int size = records.size();
        for (int i = 0; i < size && matches.size() < enough; i++) {
            int position = descending ? size - 1 - i : i;
            byte[] record = records.get(position);
            if (record == null) {
                continue;
            }
            Document document = everything ? null : BsonBytes.decode(record);
            if (document != null && !documentMatchesQuery(document, query)) {
                continue;
            }
            if (sorted) {
                matches.add(new SortedRecord(
                        record, SortValues.of(document != null ? document : BsonBytes.decode(record), orderBy)));
            } else {
                matches.add(new SortedRecord(record, null));
            }
        }
        if (sorted) {
            // A stable sort, as the stock's stream sort is: ties stay in natural order.
            matches.sort(Comparator.comparing(SortedRecord::values, SortValues.order(orderBy)));
        }
        Stream<SortedRecord> page = matches.stream();
        if (skip > 0) {
            page = page.skip(skip);
        }
        if (limit > 0) {
            page = page.limit(limit);
        }
        return page.map(SortedRecord::record).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    /** A matched record and the values it is sorted by. */
    @SuppressWarnings("ArrayRecordComponent") // only carried through the sort, never compared or hashed
    private record SortedRecord(byte[] record, SortValues values) {}

    /** The found records as the store answers a find: the first batch, and a cursor for the rest. */
    private QueryResult answer(List<byte[]> found, int batchSize, Document fieldSelector) {
        Function<byte[], Document> reader = reader(fieldSelector);
        if (batchSize > 0 && found.size() > batchSize) {
            var cursor =
                    new StoredCursor(cursorRegistry.generateCursorId(), found.subList(batchSize, found.size()), reader);
            cursorRegistry.add(cursor);
            return new QueryResult(new StoredDocuments(found.subList(0, batchSize), reader), cursor);
        }
        return new QueryResult(new StoredDocuments(found, reader));
    }

    /** Reads a record, cut to the find's projection by the store's own projection code. */
    private Function<byte[], Document> reader(Document fieldSelector) {
        if (fieldSelector == null || fieldSelector.keySet().isEmpty()) {
            return BsonBytes::decode;
        }
        // An inclusion projection keeps some top-level fields: only those are decoded (the _id walk of arrivals).
        BsonBytes.Selection fields = BsonBytes.Selection.of(FieldsRead.ofInclusion(fieldSelector, getIdField()));
        return record -> matchDocumentsFromStream(
                        new Document(), Stream.of(BsonBytes.decode(record, fields)), 0, 0, 0, null, fieldSelector)
                .iterator()
                .next();
    }
}
