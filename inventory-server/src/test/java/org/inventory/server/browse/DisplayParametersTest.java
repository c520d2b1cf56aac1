package org.inventory.server.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.inventory.server.DisplayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every out-of-range {@code /display} parameter is a 400 with the API's error body, never a 500 (§2). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DisplayParametersTest {
    private static DisplayFixture fixture;

    @BeforeAll
    static void startServer() {
        fixture = DisplayFixture.start("display_parameters");
        fixture.emptyCollection();
        fixture.store(DisplayFixture.inventory(3));
    }

    @AfterAll
    static void stopServer() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0} is refused as a bad {1}")
    @CsvSource(delimiter = '|', textBlock = """
            page=0                              | page
            page=-1                             | page
            page=abc                            | page
            page=                               | page
            page=1.5                            | page
            page=%2B1                           | page
            page=2147483648                     | page
            page=99999999999999999999           | page
            page=1&page=2                       | page
            per_page=0                          | per_page
            per_page=1001                       | per_page
            per_page=abc                        | per_page
            per_page=10&per_page=10             | per_page
            page                                | page
            page=2&page                         | page
            p%61ge&page=2                       | page
            after=0123456789abcdef01234567&after | after
            after=xyz                           | after
            after=0123456789abcdef0123456       | after
            after=0123456789abcdef012345678     | after
            after=0123456789abcdef0123456g      | after
            page=2&after=0123456789abcdef01234567 | after
            format=xml                          | format
            format=                             | format
            """)
    void a_bad_parameter_is_answered_400_with_an_error_body_naming_it(String query, String parameter) throws Exception {
        HttpResponse<String> response = fixture.get("/display?" + query);

        assertEquals(400, response.statusCode(), response.body());
        assertEquals(Optional.of("application/json"), response.headers().firstValue("Content-Type"));
        BsonDocument body = BsonDocument.parse(response.body());
        assertEquals(Set.of("error"), body.keySet());
        BsonDocument error = body.getDocument("error");
        assertEquals(Set.of("code", "parameter", "message"), error.keySet());
        assertEquals("invalid_parameter", error.getString("code").getValue());
        assertEquals(parameter, error.getString("parameter").getValue());
        assertFalse(error.getString("message").getValue().isBlank());
    }

    @Test
    void a_browser_with_a_bad_parameter_gets_the_same_json_error() throws Exception {
        HttpResponse<String> response = fixture.get("/display?page=0", DisplayFixture.BROWSER_ACCEPT);

        assertEquals(400, response.statusCode());
        assertEquals(
                "{\"error\":{\"code\":\"invalid_parameter\",\"parameter\":\"page\","
                        + "\"message\":\"page must be an integer from 1 to 2147483647\"}}",
                response.body());
    }

    @Test
    void the_largest_page_number_is_accepted_and_empty() throws Exception {
        HttpResponse<String> response = fixture.get("/display?page=2147483647&per_page=1000");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(0, BsonDocument.parse(response.body()).getArray("items").size());
    }
}
