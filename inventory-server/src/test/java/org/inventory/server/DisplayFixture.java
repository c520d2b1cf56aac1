package org.inventory.server;

import com.mongodb.client.MongoCollection;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.inventory.server.config.Settings;
import org.inventory.testkit.Http;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * A server on port 0 over its own collection of the shared test store, a real HTTP client, and readers for
 * what {@code /display} answers. The HTML readers parse the page with jsoup, as a browser would, so they see
 * what a person sees: a value that was not escaped would show up as elements, or cut a cell or a row short.
 */
public final class DisplayFixture implements AutoCloseable {
    public static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final InventoryServer server;
    private final String collectionName;

    private DisplayFixture(InventoryServer server, String collectionName) {
        this.server = server;
        this.collectionName = collectionName;
    }

    public static DisplayFixture start(String collection) {
        return new DisplayFixture(InventoryServer.start(Settings.from(TestEnv.server(collection))), collection);
    }

    /** Empties the collection, as each test starts clean. */
    public MongoCollection<Document> emptyCollection() {
        return TestStore.emptyCollection(collectionName);
    }

    /** Stores the records with fresh ObjectIds straight through the driver; returns all ids in {@code _id} order. */
    public List<ObjectId> store(List<Document> records) {
        var ids = new ArrayList<ObjectId>();
        for (Document record : records) {
            var id = new ObjectId();
            record.put("_id", id);
            ids.add(id);
        }
        TestStore.database().getCollection(collectionName).insertMany(records);
        ids.sort(null);
        return ids;
    }

    /** {@code n} inventory-like records, every fifth with an extra field and every seventh without a price. */
    public static List<Document> inventory(int n) {
        var records = new ArrayList<Document>();
        for (int i = 0; i < n; i++) {
            var record = new Document("sku", "SKU-%05d".formatted(i))
                    .append("name", "Item " + i)
                    .append("quantity", i * 3);
            if (i % 7 != 3) {
                record.append("price", new Document("amount", 10.5 + i).append("currency", "EUR"));
            }
            record.append("tags", List.of("t" + i % 3, "all"));
            if (i % 5 == 0) {
                record.append("discontinued", i % 10 == 0);
            }
            records.add(record);
        }
        return records;
    }

    public String base() {
        return "http://127.0.0.1:" + server.port();
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return get(pathAndQuery, Http.JSON);
    }

    public HttpResponse<String> get(String pathAndQuery, String accept) throws IOException, InterruptedException {
        return Http.get(server.port(), pathAndQuery, accept);
    }

    /** The page as a browser's parser reads it: every entity decoded, every element where the markup puts it. */
    public static org.jsoup.nodes.Document parse(String html) {
        return Jsoup.parse(html);
    }

    /** The column names of the page's table, as text. */
    public static List<String> headers(String html) {
        return parse(html).select("table > thead > tr > th").stream()
                .map(Element::wholeText)
                .toList();
    }

    /** The table's rows, each the text of its cells (a long value's box included). */
    public static List<List<String>> rows(String html) {
        return parse(html).select("table > tbody > tr").stream()
                .map(row -> row.select("> td").stream().map(Element::wholeText).toList())
                .toList();
    }

    /** The first column of every row: the records' {@code _id}s in page order. */
    public static List<String> ids(String html) {
        return rows(html).stream().map(List::getFirst).toList();
    }

    /** The target of the page's first link with that {@code rel}, as the browser follows it. */
    public static Optional<String> link(String html, String rel) {
        return Optional.ofNullable(parse(html).selectFirst("a[rel=" + rel + "]"))
                .map(a -> a.attr("href"));
    }

    /** The target of the Link header's entry with that {@code rel}. */
    public static Optional<String> linkHeader(HttpResponse<?> response, String rel) {
        String header = response.headers().firstValue("Link").orElse("");
        Matcher link = Pattern.compile("<([^>]*)>; rel=\"" + rel + "\"").matcher(header);
        return link.find() ? Optional.of(link.group(1)) : Optional.empty();
    }

    @Override
    public void close() {
        server.close();
    }
}
