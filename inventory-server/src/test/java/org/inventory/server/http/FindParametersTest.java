package org.inventory.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.inventory.server.DisplayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad {@code filter}, {@code sort}, {@code fields} and {@code after} is a 400 naming the parameter, on
 * {@code /display}, {@code /export} and {@code /live} alike, never a 500 (README, Find).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FindParametersTest {
    private static DisplayFixture fixture;

    @BeforeAll
    static void startServer() {
        fixture = DisplayFixture.start("find_parameters");
        fixture.emptyCollection();
        fixture.store(DisplayFixture.inventory(30));
    }

    @AfterAll
    static void stopServer() {
        fixture.close();
    }

    static Stream<Arguments> badInputs() {
        var cases = new ArrayList<Arguments>();
        for (String filter : List.of("{", "[]", "{\"a\":1} x", "null", "{\"a\":}", "{'a':1", "{\"a\":1}{\"b\":2}")) {
            cases.add(Arguments.of("malformed " + filter, "filter=" + FindParameters.encode(filter), "filter"));
        }
        for (String operator : List.of(
                "$where",
                "$function",
                "$expr",
                "$accumulator",
                "$jsonSchema",
                "$text",
                "$near",
                "$nearSphere",
                "$geoWithin",
                "$foo",
                "$comment",
                "$mod")) {
            String filter = "{\"" + operator + "\":{}}";
            cases.add(Arguments.of(operator, "filter=" + FindParameters.encode(filter), "filter"));
            cases.add(Arguments.of(
                    operator + " in a field",
                    "filter=" + FindParameters.encode("{\"qty\":{\"" + operator + "\":1}}"),
                    "filter"));
            for (String wrapper : List.of(
                    "{\"$and\":[%s]}",
                    "{\"$or\":[{\"a\":1},%s]}",
                    "{\"$nor\":[%s]}",
                    "{\"tags\":{\"$elemMatch\":%s}}",
                    "{\"qty\":{\"$not\":{\"" + operator + "\":1}}}")) {
                cases.add(Arguments.of(
                        operator + " inside " + wrapper,
                        "filter=" + FindParameters.encode(wrapper.formatted(filter)),
                        "filter"));
            }
        }
        String big = "{\"sku\":{\"$in\":["
                + IntStream.range(0, 1200).mapToObj(i -> "\"S" + i + "\"").collect(Collectors.joining(",")) + "]}}";
        cases.add(Arguments.of("a filter over 8 KiB", "filter=" + FindParameters.encode(big), "filter"));
        String deep = "{\"a\":".repeat(17) + "1" + "}".repeat(17);
        cases.add(Arguments.of("a filter deeper than 16", "filter=" + FindParameters.encode(deep), "filter"));
        cases.add(Arguments.of(
                "a regex over 256",
                "filter=" + FindParameters.encode("{\"sku\":{\"$regex\":\"" + "a".repeat(257) + "\"}}"),
                "filter"));
        cases.add(Arguments.of(
                "invalid regex options",
                "filter=" + FindParameters.encode("{\"sku\":{\"$regex\":\"a\",\"$options\":\"z\"}}"),
                "filter"));
        cases.add(Arguments.of("a filter given twice", "filter=%7B%7D&filter=%7B%7D", "filter"));
        cases.add(Arguments.of("five sort keys", "sort=a,b,c,d,e", "sort"));
        cases.add(Arguments.of("an empty sort key", "sort=a,,b", "sort"));
        cases.add(Arguments.of("a $ in a sort path", "sort=price.%24amount", "sort"));
        cases.add(Arguments.of("_id before the last sort key", "sort=_id,sku", "sort"));
        cases.add(Arguments.of(
                "51 fields",
                "fields=" + IntStream.range(0, 51).mapToObj(i -> "f" + i).collect(Collectors.joining(",")),
                "fields"));
        cases.add(Arguments.of("a $ in a field", "fields=%24where", "fields"));
        cases.add(Arguments.of("an empty field", "fields=a,,b", "fields"));
        cases.add(Arguments.of("a field and one inside it", "fields=price,price.amount", "fields"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void is_refused_on_display_export_and_live(String name, String query, String parameter) throws Exception {
        refused("/display?" + query, parameter);
        refused("/export?" + query, parameter);
        refused("/export?format=csv&" + query, parameter);
        if (!parameter.equals("sort")) {
            // The live feed has no order; its filter and fields are checked the same way, before any stream starts.
            refused("/live?" + query, parameter);
        }
    }

    @Test
    void a_token_cut_short_edited_or_of_another_query_or_collection_is_refused() throws Exception {
        String filter = "filter=" + FindParameters.encode("{\"quantity\":{\"$gte\":3}}");
        String token = next("/display?" + filter + "&sort=-quantity&per_page=5");
        String base = "/display?" + filter + "&sort=-quantity&per_page=5&after=";
        assertEquals(200, fixture.get(base + token).statusCode());
        refused(base + token.substring(0, token.length() - 3), "after");
        char last = token.charAt(token.length() / 2);
        refused(
                base
                        + token.substring(0, token.length() / 2)
                        + (last == 'A' ? 'B' : 'A')
                        + token.substring(token.length() / 2 + 1),
                "after");
        refused(
                "/display?filter=" + FindParameters.encode("{\"quantity\":{\"$gte\":4}}") + "&sort=-quantity&after="
                        + token,
                "after");
        refused("/display?" + filter + "&sort=quantity&after=" + token, "after");
        refused("/display?" + filter + "&after=" + token, "after");
        try (var other = DisplayFixture.start("find_parameters_other")) {
            other.emptyCollection();
            other.store(DisplayFixture.inventory(30));
            HttpResponse<String> response = other.get(base + token);
            assertEquals(400, response.statusCode(), response.body());
            assertEquals(
                    "after",
                    BsonDocument.parse(response.body())
                            .getDocument("error")
                            .getString("parameter")
                            .getValue());
        }
    }

    @Test
    void an_array_sort_key_refuses_the_cursor_and_keeps_page_numbers() throws Exception {
        HttpResponse<String> first = fixture.get("/display?sort=tags&per_page=5");
        assertEquals(200, first.statusCode(), first.body());
        BsonDocument body = BsonDocument.parse(first.body());
        assertTrue(!body.containsKey("next"), first.body());
        assertEquals(5, body.getArray("items").size());
        assertTrue(DisplayFixture.linkHeader(first, "next").orElseThrow().contains("page=2"));
        assertEquals(200, fixture.get("/display?sort=tags&per_page=5&page=3").statusCode());
        // A token from the default order, where a cursor is possible, cannot be used in this order either.
        String token = next("/display?sort=sku&per_page=5");
        refused("/display?sort=tags&per_page=5&after=" + token, "after");
    }

    private static String shorten(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static String next(String pathAndQuery) throws Exception {
        HttpResponse<String> response = fixture.get(pathAndQuery);
        assertEquals(200, response.statusCode(), response.body());
        return BsonDocument.parse(response.body()).getString("next").getValue();
    }

    private static void refused(String pathAndQuery, String parameter) throws Exception {
        HttpResponse<String> response = fixture.get(pathAndQuery);
        assertEquals(400, response.statusCode(), () -> shorten(pathAndQuery) + " -> " + shorten(response.body()));
        BsonDocument error = BsonDocument.parse(response.body()).getDocument("error");
        assertEquals("invalid_parameter", error.getString("code").getValue());
        assertEquals(parameter, error.getString("parameter").getValue(), () -> shorten(response.body()));
        assertTrue(!error.getString("message").getValue().isBlank());
    }
}
