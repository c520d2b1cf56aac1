package org.inventory.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.inventory.server.DisplayFixture;
import org.inventory.server.http.FindParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /openapi} is a valid OpenAPI 3.1 document, as a real parser reads it, of every HTTP route; and every
 * parameter it documents is accepted with its documented example.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenApiTest {
    private static DisplayFixture fixture;
    private static OpenAPI api;

    @BeforeAll
    static void start() {
        fixture = DisplayFixture.start("openapi");
        fixture.emptyCollection();
        fixture.store(DisplayFixture.inventory(60));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static OpenAPI api() throws Exception {
        if (api == null) {
            HttpResponse<String> response = fixture.get("/openapi", "*/*");
            assertEquals(200, response.statusCode());
            assertEquals(
                    Optional.of("application/yaml; charset=utf-8"),
                    response.headers().firstValue("Content-Type"));
            var options = new ParseOptions();
            options.setResolve(true);
            options.setResolveFully(true);
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(response.body(), null, options);
            assertEquals(List.of(), result.getMessages());
            api = result.getOpenAPI();
        }
        return api;
    }

    @Test
    void the_document_is_openapi_3_1_of_every_route() throws Exception {
        OpenAPI api = api();
        assertTrue(api.getOpenapi().startsWith("3.1"), api.getOpenapi());
        assertTrue(
                api.getPaths()
                        .keySet()
                        .containsAll(Set.of(
                                "/display",
                                "/export",
                                "/live",
                                "/openapi",
                                "/health",
                                "/metrics",
                                "/summary",
                                "/schema",
                                "/overview")),
                api.getPaths().keySet().toString());
        for (var path : api.getPaths().entrySet()) {
            assertNotNull(path.getValue().getGet(), path.getKey());
            int status = fixture.get(path.getKey() + required(path.getValue(), "?"), accept(path.getKey()))
                    .statusCode();
            assertEquals(200, status, path.getKey());
        }
    }

    @Test
    void every_documented_parameter_is_accepted_with_its_example() throws Exception {
        for (var path : api().getPaths().entrySet()) {
            PathItem item = path.getValue();
            List<Parameter> parameters =
                    Optional.ofNullable(item.getGet().getParameters()).orElse(List.of());
            var formRow = new ArrayList<String>();
            for (Parameter parameter : parameters) {
                assertNotNull(parameter.getExample(), path.getKey() + " " + parameter.getName() + " has an example");
                String query = query(parameter);
                if (parameter.getIn().equals("header")) {
                    continue;
                }
                if (parameter.getName().startsWith("where_")) {
                    // The filter form's row comes as three parameters together.
                    formRow.add(query);
                    continue;
                }
                HttpResponse<String> response = fixture.get(
                        path.getKey() + "?" + query
                                + (Boolean.TRUE.equals(parameter.getRequired()) ? "" : required(item, "&")),
                        accept(path.getKey()));
                assertEquals(200, response.statusCode(), path.getKey() + "?" + query + ": " + response.body());
            }
            if (!formRow.isEmpty()) {
                assertEquals(3, formRow.size());
                HttpResponse<String> response = fixture.get(path.getKey() + "?" + String.join("&", formRow), "*/*");
                assertEquals(303, response.statusCode(), String.join("&", formRow) + ": " + response.body());
            }
        }
    }

    /** The route's required parameters with their examples, after {@code separator}; empty when it has none. */
    private static String required(PathItem item, String separator) {
        List<String> required = Optional.ofNullable(item.getGet().getParameters()).orElse(List.of()).stream()
                .filter(parameter -> Boolean.TRUE.equals(parameter.getRequired()))
                .map(OpenApiTest::query)
                .toList();
        return required.isEmpty() ? "" : separator + String.join("&", required);
    }

    /** The live feed's stream never ends: its page takes the same parameters and answers at once. */
    private static String accept(String path) {
        return path.equals("/live") ? "text/html" : "*/*";
    }

    /** The parameter with its example, as a form query: a list example repeats the name. */
    private static String query(Parameter parameter) {
        Object example = parameter.getExample();
        var values = new ArrayList<String>();
        if (example instanceof JsonNode node && node.isArray()) {
            node.forEach(element -> values.add(element.asText()));
        } else if (example instanceof List<?> list) {
            list.forEach(element -> values.add(String.valueOf(element)));
        } else {
            values.add(example instanceof JsonNode node ? node.asText() : String.valueOf(example));
        }
        return String.join(
                "&",
                values.stream()
                        .map(value -> parameter.getName() + "=" + FindParameters.encode(value))
                        .toList());
    }

    @Test
    void the_read_token_schemes_are_described() throws Exception {
        assertEquals(
                Set.of("readToken", "readTokenBasic"),
                api().getComponents().getSecuritySchemes().keySet());
        assertEquals(
                Map.of(), api().getPaths().get("/health").getGet().getSecurity().getFirst());
    }
}
