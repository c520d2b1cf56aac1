package org.inventory.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.ObjectId;
import org.inventory.server.InventoryServer;
import org.inventory.server.config.Settings;
import org.inventory.testkit.RawHttp;
import org.inventory.testkit.TestEnv;
import org.inventory.testkit.TestStore;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;

/**
 * Random and hostile HTTP input to {@code /display} and around it, sent over raw sockets so that nothing is
 * cleaned up on the way: the answer is always 200, 400, 404 or 405, never a server error. Where the parameters
 * were percent-encoded, the verdict must be exactly the one the README's Browse section gives (computed here independently), and
 * a 400 from the service names the parameter. Two answers come from Helidon's HTTP layer before the service is
 * reached and are documented separately: 414 for a request line over 4 KiB, 505 for HTTP/1.0.
 */
class HttpInputTest {
    private static final String COLLECTION = "http_input";
    private static final int RECORDS = 25;
    private static final int MAX_PER_PAGE = 1000;
    private static final Set<Integer> ALLOWED = Set.of(200, 400, 404, 405);
    private static final List<String> PARAMETERS = List.of("page", "per_page", "after", "format");

    private static InventoryServer server;
    private static String firstId;
    private static final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

    @BeforeContainer
    static void startServer() {
        TestStore.emptyCollection(COLLECTION);
        var records = new ArrayList<RawBsonDocument>();
        for (int i = 0; i < RECORDS; i++) {
            var record = new BsonDocument("_id", new BsonObjectId(new ObjectId())).append("n", new BsonInt32(i));
            records.add(new RawBsonDocument(record, new BsonDocumentCodec()));
        }
        TestStore.database().getCollection(COLLECTION, RawBsonDocument.class).insertMany(records);
        firstId = records.getFirst().getObjectId("_id").getValue().toHexString();
        server = InventoryServer.start(Settings.from(TestEnv.server(COLLECTION)));
    }

    @AfterContainer
    static void stopServer() {
        server.close();
        long total = statuses.values().stream().mapToLong(AtomicLong::get).sum();
        Suite.summary(
                "HttpInputTest",
                String.format(
                        "%,d requests (random and hostile page, per_page, after, format;"
                                + " raw bytes; odd headers; unknown paths and methods); statuses %s; no 5xx but the documented 505"
                                + " for HTTP/1.0",
                        total, new TreeMap<>(statuses)));
    }

    // ---- Properties

    /** Percent-encoded parameters: the status, and for a 400 the parameter named, are exactly those of the README's Browse section. */
    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void encoded_parameters_get_exactly_the_documented_verdict(
            @ForAll("queries") List<Tuple.Tuple2<String, String>> query) throws IOException {
        var target = new StringBuilder("/display");
        for (int i = 0; i < query.size(); i++) {
            target.append(i == 0 ? '?' : '&').append(query.get(i).get1());
            if (query.get(i).get2() != null) {
                target.append('=').append(percentEncode(query.get(i).get2()));
            }
        }
        RawHttp.Response response = get(target.toString(), "application/json");
        Optional<String> invalid = invalidParameter(query);
        if (invalid.isPresent()) {
            assertEquals(400, response.status(), target + " -> " + response);
            assertEquals(invalid.get(), errorParameter(response), target + " -> " + response);
        } else {
            assertEquals(200, response.status(), target + " -> " + response);
            boolean html = query.stream().anyMatch(p -> p.get1().equals("format") && "html".equalsIgnoreCase(p.get2()));
            if (html) {
                assertTrue(htmlPage(response.body()), "an HTML page: " + response);
            } else {
                assertTrue(JsonValues.parse(response.body()) instanceof Map<?, ?>, "a JSON page: " + response);
            }
        }
    }

    /** Raw bytes in the query (invalid escapes, non-ASCII, NUL, controls): never anything but 200 or 400. */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void raw_bytes_in_a_parameter_get_200_or_400(@ForAll("parameter") String name, @ForAll("rawValue") byte[] value)
            throws IOException {
        byte[] head = ("GET /display?" + name + "=").getBytes(StandardCharsets.US_ASCII);
        byte[] tail =
                " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        var request = new byte[head.length + value.length + tail.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(value, 0, request, head.length, value.length);
        System.arraycopy(tail, 0, request, head.length + value.length, tail.length);
        RawHttp.Response response = count(RawHttp.send(server.port(), request));
        assertTrue(response.status() == 200 || response.status() == 400, response::toString);
    }

    /** Junk, repeated and long Accept headers and other long headers: 200 (JSON or HTML) or 400, never a 5xx. */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void odd_headers_get_200_or_400(@ForAll("accept") String accept, @ForAll("headerLength") int length)
            throws IOException {
        String headers =
                "Accept: " + accept + "\r\nAccept: " + accept + "\r\nX-Padding: " + "p".repeat(length) + "\r\n";
        RawHttp.Response response = count(RawHttp.get(server.port(), "/display?per_page=2", headers));
        assertTrue(response.status() == 200 || response.status() == 400, accept + " -> " + response);
        if (response.status() == 200) {
            String type = response.header("Content-Type").orElse("");
            assertTrue(type.startsWith("application/json") || type.startsWith("text/html"), type);
        }
    }

    /** Paths the service does not have, with any method: 404 or 405 (400 when the path itself is malformed). */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void unknown_paths_and_methods_get_404_or_405(@ForAll("method") String method, @ForAll("unknownPath") String path)
            throws IOException {
        RawHttp.Response response = count(RawHttp.request(server.port(), method, path, "Content-Length: 0\r\n"));
        assertTrue(Set.of(400, 404, 405).contains(response.status()), method + " " + path + " -> " + response);
    }

    /** Paths that climb out of the root, or try to: resolved first, then not found. */
    @Example
    void path_traversal_gets_404() throws IOException {
        for (String path : List.of(
                "/x/../nope",
                "/../",
                "/../../etc/passwd",
                "/%2e%2e/etc/passwd",
                "/display/../../nope",
                "/display/x",
                "/display/..%2f..%2fetc")) {
            assertEquals(404, get(path, "application/json").status(), path);
        }
    }

    /**
     * The service's paths with a method they do not take: 404 or 405 (Helidon answers 404). Helidon's own
     * observers answer more: HEAD /health (204) and OPTIONS /metrics (200, the metrics' metadata).
     */
    @Example
    void the_service_paths_with_other_methods_get_404_or_405() throws IOException {
        for (String path : List.of("/display", "/display?page=1", "/")) {
            for (String method :
                    List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "FOO", "G-E-T")) {
                RawHttp.Response response =
                        count(RawHttp.request(server.port(), method, path, "Content-Length: 0\r\n"));
                assertTrue(Set.of(404, 405).contains(response.status()), method + " " + path + " -> " + response);
            }
        }
    }

    // ---- Hostile examples, each with its documented answer

    @Example
    void hostile_parameter_values_get_400_naming_the_parameter() throws IOException {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("/display?page=-1", "page"),
                Map.entry("/display?page=0", "page"),
                Map.entry("/display?page=2147483648", "page"),
                Map.entry("/display?page=99999999999999999999999999999999", "page"),
                Map.entry("/display?page=" + "9".repeat(3000), "page"),
                Map.entry("/display?page=1e3", "page"),
                Map.entry("/display?page=%2B1", "page"),
                Map.entry("/display?page=%20", "page"),
                Map.entry("/display?page=1%00", "page"),
                Map.entry("/display?page=%ff%fe", "page"),
                Map.entry("/display?page=%D9%A1", "page"),
                Map.entry("/display?page=", "page"),
                Map.entry("/display?page", "page"),
                Map.entry("/display?page=1&page=1", "page"),
                Map.entry("/display?per_page=0", "per_page"),
                Map.entry("/display?per_page=1001", "per_page"),
                Map.entry("/display?per_page=-5", "per_page"),
                Map.entry("/display?per_page=" + "1".repeat(500), "per_page"),
                Map.entry("/display?after=zz", "after"),
                Map.entry("/display?after=%00", "after"),
                Map.entry("/display?after=" + "g".repeat(24), "after"),
                Map.entry("/display?after=" + "a".repeat(25), "after"),
                Map.entry("/display?page=1&after=" + "a".repeat(24), "after"),
                Map.entry("/display?format=xml", "format"),
                Map.entry("/display?format=", "format"),
                Map.entry("/display?format=%3Cscript%3E", "format"),
                Map.entry("/display?format=json&format=html", "format"));
        for (var entry : cases.entrySet()) {
            RawHttp.Response response = get(entry.getKey(), "application/json");
            assertEquals(400, response.status(), entry.getKey());
            assertEquals(entry.getValue(), errorParameter(response), entry.getKey() + " -> " + response);
        }
    }

    /** Requests Helidon refuses before the service sees them: 400 with an empty body (documented). */
    @Example
    void malformed_requests_get_400_from_the_http_layer() throws IOException {
        List<byte[]> requests = List.of(
                request("GET /display?page=% HTTP/1.1"),
                request("GET /display?page=%zz HTTP/1.1"),
                request("GET /display?%=1 HTTP/1.1"),
                request("GET /display?page=1 2 HTTP/1.1"),
                request("GET /display?page=\u00e9\u20ac HTTP/1.1"),
                request("GET /display HTTP/2.0"),
                request("GET /display HTTP/9.9"),
                request("GET /display"),
                request("CONNECT 127.0.0.1:80 HTTP/1.1"),
                "\u0000\u0001garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                "GET /display HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET /display HTTP/1.1\r\nHost: a\r\nno colon here\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET /display HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET /display HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: junk\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII),
                ("GET /display HTTP/1.1\r\nHost: a\r\nX-Long: " + "y".repeat(100_000) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        for (byte[] request : requests) {
            RawHttp.Response response = count(RawHttp.send(server.port(), request));
            assertEquals(
                    400,
                    response.status(),
                    new String(request, 0, Math.min(80, request.length), StandardCharsets.ISO_8859_1));
        }
    }

    /** A malformed Accept header makes Helidon's content negotiation fail: 400 with an empty body (documented). */
    @Example
    void an_unparsable_accept_header_gets_400() throws IOException {
        for (String accept : List.of("junk", "text/html;q=abc", ";;;")) {
            assertEquals(400, get("/display", accept).status(), accept);
        }
    }

    /**
     * The request line may be 64 KiB (room for the largest filter, percent-encoded); past that Helidon answers 414.
     * It speaks HTTP/1.1 and 2 only: 505 for 1.0. Not 500 (documented).
     */
    @Example
    void an_overlong_request_line_gets_414_and_http_1_0_gets_505() throws IOException {
        assertEquals(
                400,
                get("/display?page=" + "1".repeat(5_000), "application/json").status());
        assertEquals(
                414,
                get("/display?page=" + "1".repeat(70_000), "application/json").status());
        assertEquals(
                505,
                count(RawHttp.send(server.port(), request("GET /display HTTP/1.0")))
                        .status());
    }

    // ---- The documented verdict, computed independently of the service

    /**
     * The parameter a 400 must name, or empty for a 200, checked in the service's order: page and after given
     * once, not both, then the values of page, per_page and format, then the cursor. Other names are ignored.
     */
    static Optional<String> invalidParameter(List<Tuple.Tuple2<String, String>> query) {
        var values = new TreeMap<String, List<String>>();
        for (var pair : query) {
            values.computeIfAbsent(pair.get1(), name -> new ArrayList<>()).add(pair.get2());
        }
        for (String name : List.of("page", "after")) {
            if (values.containsKey(name)
                    && (values.get(name).size() != 1 || values.get(name).getFirst() == null)) {
                return Optional.of(name);
            }
        }
        if (values.containsKey("page") && values.containsKey("after")) {
            return Optional.of("after");
        }
        if (values.containsKey("page") && !integerIn(values.get("page").getFirst(), 1, Integer.MAX_VALUE)) {
            return Optional.of("page");
        }
        if (values.containsKey("per_page")
                && (values.get("per_page").size() != 1
                        || values.get("per_page").getFirst() == null
                        || !integerIn(values.get("per_page").getFirst(), 1, MAX_PER_PAGE))) {
            return Optional.of("per_page");
        }
        if (values.containsKey("format")
                && (values.get("format").size() != 1
                        || values.get("format").getFirst() == null
                        || !Set.of("json", "html")
                                .contains(values.get("format").getFirst().toLowerCase(Locale.ROOT)))) {
            return Optional.of("format");
        }
        // A cursor token is read last, against the query it continues: in the default order an _id.
        if (values.containsKey("after") && !values.get("after").getFirst().matches("[0-9a-fA-F]{24}")) {
            return Optional.of("after");
        }
        return Optional.empty();
    }

    private static boolean integerIn(String text, long min, long max) {
        if (!text.matches("[0-9]{1,10}")) {
            return false;
        }
        long value = Long.parseLong(text);
        return value >= min && value <= max;
    }

    // ---- Generators

    @Provide
    Arbitrary<List<Tuple.Tuple2<String, String>>> queries() {
        Arbitrary<String> name =
                Arbitraries.frequencyOf(Tuple.of(8, parameter()), Tuple.of(1, Arbitraries.of("x", "pagE", "per-page")));
        // A null value is a name without '='.
        Arbitrary<String> value = Arbitraries.frequencyOf(Tuple.of(30, value()), Tuple.of(1, Arbitraries.just(null)));
        return Combinators.combine(name, value)
                .as(Tuple::of)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> parameter() {
        return Arbitraries.of(PARAMETERS);
    }

    /** Values for any of the parameters: good ones, near misses, and junk of every kind. */
    private Arbitrary<String> value() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.integers().between(1, 1200).map(Object::toString)),
                Tuple.of(2, Arbitraries.longs().map(Object::toString)),
                Tuple.of(
                        1,
                        Arbitraries.bigIntegers()
                                .between(BigInteger.ZERO, BigInteger.TEN.pow(400))
                                .map(BigInteger::toString)),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .numeric()
                                .ofMinLength(1)
                                .ofMaxLength(12)
                                .map(s -> "0" + s)),
                Tuple.of(
                        2,
                        Arbitraries.strings()
                                .withChars("0123456789abcdefABCDEFg")
                                .ofMinLength(23)
                                .ofMaxLength(25)),
                Tuple.of(3, Arbitraries.just(firstId)),
                Tuple.of(3, Arbitraries.of("json", "html")),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "json",
                                "html",
                                "JSON",
                                "Html",
                                "xml",
                                "",
                                " ",
                                "1 ",
                                "+1",
                                "1e3",
                                "0x10",
                                "١",
                                "NaN",
                                "null",
                                "true",
                                "[]",
                                "%",
                                "2147483647",
                                "2147483648",
                                "-0",
                                "1.0")),
                Tuple.of(3, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30)),
                Tuple.of(
                        2,
                        Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(20)),
                Tuple.of(1, Arbitraries.strings().withChars("%&=?#+;/ ").ofMaxLength(10)));
    }

    @Provide
    Arbitrary<byte[]> rawValue() {
        // Any byte but the ones that end the request line (space, CR, LF), so that the junk stays in the query.
        return Arbitraries.bytes()
                .filter(b -> b != ' ' && b != '\r' && b != '\n')
                .array(byte[].class)
                .ofMaxSize(40);
    }

    @Provide
    Arbitrary<String> accept() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        3,
                        Arbitraries.strings()
                                .withChars("abcdefghijklmnopqrstuvwxyz*/;=,.+-0123456789 q")
                                .ofMaxLength(40)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "text/html",
                                "application/json",
                                "*/*",
                                "text/*",
                                "*/*;q=0",
                                "*/*;q=2",
                                "text/html;q=0.5, application/json",
                                "application/json;q=0",
                                "image/png",
                                "text/html;level=1;q=0.9",
                                "",
                                ",",
                                "a/b/c",
                                "text/html;charset=\"utf-8\"")),
                Tuple.of(1, Arbitraries.strings().withCharRange('!', '~').ofMaxLength(200)));
    }

    @Provide
    Arbitrary<Integer> headerLength() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 100)),
                Tuple.of(1, Arbitraries.integers().between(100, 20_000)));
    }

    @Provide
    Arbitrary<String> method() {
        return Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "FOO", "PROPFIND");
    }

    @Provide
    Arbitrary<String> unknownPath() {
        Arbitrary<String> segment = Arbitraries.frequencyOf(
                Tuple.of(
                        4,
                        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12)),
                Tuple.of(
                        2,
                        Arbitraries.strings()
                                .withCharRange('\u0000', '\ud7ff')
                                .ofMinLength(1)
                                .ofMaxLength(8)
                                .map(HttpInputTest::percentEncode)),
                Tuple.of(1, Arbitraries.of("%2e%2e", "%2F", "%00", "display", "health", "metrics", "~", ";a=b", "*")));
        return segment.list().ofMinSize(1).ofMaxSize(4).map(segments -> "/x-" + String.join("/", segments));
    }

    // ---- Helpers

    private static RawHttp.Response get(String target, String accept) throws IOException {
        return count(RawHttp.get(server.port(), target, "Accept: " + accept + "\r\n"));
    }

    private static RawHttp.Response count(RawHttp.Response response) {
        statuses.computeIfAbsent(response.status(), status -> new AtomicLong()).incrementAndGet();
        assertTrue(
                ALLOWED.contains(response.status()) || response.status() == 414 || response.status() == 505,
                "an answer outside 200, 400, 404, 405: " + response);
        return response;
    }

    private static byte[] request(String requestLine) {
        return (requestLine + "\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the body is the HTML page of {@code /display}, read as a browser's parser reads it. */
    private static boolean htmlPage(String body) {
        Document page = Jsoup.parse(body);
        DocumentType type = page.documentType();
        Element heading = page.selectFirst("body > h1");
        return type != null
                && type.name().equals("html")
                && heading != null
                && heading.text().equals("Inventory records");
    }

    /** The {@code parameter} of the API's error body. */
    private static String errorParameter(RawHttp.Response response) {
        @SuppressWarnings("unchecked")
        var body = (Map<String, Object>) JsonValues.parse(response.body());
        @SuppressWarnings("unchecked")
        var error = (Map<String, Object>) body.get("error");
        assertEquals("invalid_parameter", error.get("code"), response.toString());
        return (String) error.get("parameter");
    }

    /** Every byte outside the unreserved characters as %XX, so that what the server decodes is exactly the text. */
    static String percentEncode(String text) {
        var out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", (int) c));
            }
        }
        return out.toString();
    }
}
