package dev.ragsuite.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway's one OpenAPI document of the public API ({@code GET /api/openapi.json}, merged from
 * the services' own) against the running suite and against docs/api.md: both list the same routes,
 * so neither can drift from the other, and every operation states its problem answers.
 */
@Order(9)
@ExtendWith(SuiteExtension.class)
class PublicApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A route in a table row of docs/api.md: "| `METHOD /api/path…`" (or /v1/…), with "· `/sibling`" alternatives. */
    private static final Pattern ROW = Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE) (/[^`\\s?\\[]+)[^`]*`(.*)$");
    private static final Pattern SIBLING = Pattern.compile("·\\s*`(/[^`\\s?\\[]+)`");

    private static Suite suite;
    private static JsonNode document;

    @BeforeAll
    static void fetch() throws IOException {
        suite = SuiteExtension.suite();
        String body = given().get("/api/openapi.json").then().statusCode(200)
                .contentType("application/json").extract().asString();
        document = JSON.readTree(body);
    }

    /** "METHOD /path" with every path parameter written {}, so {id} and {documentId} compare equal. */
    private static String route(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\{[^}]+}", "{}");
    }

    static Set<String> documented() {
        Set<String> routes = new TreeSet<>();
        Iterator<String> paths = document.get("paths").fieldNames();
        while (paths.hasNext()) {
            String path = paths.next();
            document.get("paths").get(path).fieldNames().forEachRemaining(method -> routes.add(route(method, path)));
        }
        return routes;
    }

    static Set<String> inApiMd() throws IOException {
        Set<String> routes = new TreeSet<>();
        for (String line : Files.readAllLines(suite.root.resolve("docs/api.md"), StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (!row.find() || !(row.group(2).startsWith("/api/") || row.group(2).startsWith("/v1/"))) {
                continue;
            }
            String method = row.group(1);
            String path = row.group(2);
            routes.add(route(method, path));
            String rest = row.group(3);
            String firstColumn = rest.indexOf('|') < 0 ? rest : rest.substring(0, rest.indexOf('|'));
            Matcher sibling = SIBLING.matcher(firstColumn);
            while (sibling.find()) { // "`POST /api/admin/users/{id}/disable` · `/enable`": same parent, other last segment
                routes.add(route(method, path.substring(0, path.lastIndexOf('/')) + sibling.group(1)));
            }
        }
        return routes;
    }

    @Test
    void theDocumentAndDocsApiMdListTheSameRoutes() throws IOException {
        Set<String> documented = documented();
        Set<String> written = inApiMd();
        Set<String> undocumented = new TreeSet<>(documented);
        undocumented.removeAll(written);
        Set<String> unserved = new TreeSet<>(written);
        unserved.removeAll(documented);
        assertTrue(documented.size() >= 25, "the public API has at least 25 operations: " + documented);
        assertEquals(Set.of(), undocumented, "routes in /api/openapi.json that docs/api.md does not describe");
        assertEquals(Set.of(), unserved, "routes docs/api.md describes that /api/openapi.json does not have");
        suite.report.add("public API document: " + documented.size() + " operations, the same as docs/api.md");
    }

    @Test
    void noInternalOrOperationalRouteIsPublished() {
        for (String route : documented()) {
            String path = route.substring(route.indexOf(' ') + 1);
            assertTrue(path.startsWith("/api/") || path.startsWith("/v1/"), "only /api and /v1 (OpenAI-compatible) routes are public: " + route);
        }
    }

    @Test
    void everyOperationStatesItsProblemAnswers() {
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode responses = op.getValue().get("responses");
            String where = op.getKey() + " " + path.getKey();
            assertTrue(responses.has("429"), where + " documents the rate limit");
            boolean open = op.getValue().get("security") == null;
            if (!open && path.getKey().startsWith("/v1/")) { // OpenAI clients parse OpenAI's error shape
                assertEquals("#/components/schemas/OpenAiError",
                        responses.get("401").get("content").get("application/json").get("schema").get("$ref").asText(), where);
            } else if (!open) {
                assertEquals("#/components/schemas/Problem",
                        responses.get("401").get("content").get("application/problem+json").get("schema").get("$ref").asText(), where);
            }
        }));
        assertTrue(document.get("components").get("schemas").has("Problem"));
    }

    @Test
    void theDocumentDescribesTheRealParametersAndBodies() {
        JsonNode chat = document.get("paths").get("/api/chat").get("post");
        assertTrue(chat.has("requestBody"), "POST /api/chat takes a body");
        JsonNode upload = document.get("paths").get("/api/documents").get("post");
        assertTrue(upload.get("requestBody").get("content").has("multipart/form-data"), "uploads are multipart");
        JsonNode list = document.get("paths").get("/api/documents").get("get");
        Set<String> params = new TreeSet<>();
        list.get("parameters").forEach(p -> params.add(p.get("name").asText()));
        assertTrue(params.containsAll(Set.of("page", "size")), "the document list is paged: " + params);
    }
}
