package dev.ragsuite.gateway.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.gateway.config.RouteTableTest;
import dev.ragsuite.gateway.openapi.OpenApiMerger.ServiceDocument;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The public document holds what the gateway routes to the documenting service, with problem answers. */
class OpenApiMergerTest {

    private static final URI AUTH = URI.create("http://auth");
    private static final URI INGEST = URI.create("http://ingest");

    private final OpenApiMerger merger = new OpenApiMerger(RouteTableTest.table(withPublicJwks()));

    private static Map<String, String> withPublicJwks() {
        Map<String, String> p = RouteTableTest.base();
        p.put("rag.gateway.routes.auth.public-paths", "/api/auth/jwks");
        return p;
    }

    private static JsonObject op(String schemaRef) {
        JsonObject op = new JsonObject().put("responses", new JsonObject().put("200", new JsonObject().put("description", "OK")));
        if (schemaRef != null) {
            op.put("requestBody", new JsonObject().put("content", new JsonObject().put("application/json",
                    new JsonObject().put("schema", new JsonObject().put("$ref", "#/components/schemas/" + schemaRef)))));
        }
        return op;
    }

    private static JsonObject doc(JsonObject paths, JsonObject schemas) {
        return new JsonObject().put("openapi", "3.1.0").put("paths", paths)
                .put("components", new JsonObject().put("schemas", schemas));
    }

    private JsonObject merged() {
        JsonObject auth = doc(new JsonObject()
                        .put("/api/auth/login", new JsonObject().put("post", op("LoginRequest")))
                        .put("/api/auth/jwks", new JsonObject().put("get", op(null)))
                        .put("/internal/api-keys/exchange", new JsonObject().put("post", op(null)))
                        .put("/api/documents", new JsonObject().put("get", op(null))), // routed to ingest, not auth
                new JsonObject()
                        .put("LoginRequest", new JsonObject().put("type", "object"))
                        .put("View", new JsonObject().put("type", "object").put("title", "auth")));
        JsonObject ingest = doc(new JsonObject()
                        .put("/api/documents", new JsonObject().put("post", op(null)).put("get", op(null)))
                        .put("/api/documents/{id}", new JsonObject().put("delete", op(null))
                                .put("parameters", new io.vertx.core.json.JsonArray()))
                        .put("/api/documents/{id}/view", new JsonObject().put("put", op("View"))),
                new JsonObject().put("View", new JsonObject().put("type", "object").put("title", "ingest")));
        return merger.merge(List.of(new ServiceDocument("auth", AUTH, auth), new ServiceDocument("uploads", INGEST, ingest)), "1");
    }

    @Test
    void onlyRoutesTheGatewaySendsToTheDocumentingServiceAreKept() {
        JsonObject paths = merged().getJsonObject("paths");
        assertEquals(Set.of("/api/auth/login", "/api/auth/jwks", "/api/documents", "/api/documents/{id}",
                "/api/documents/{id}/view"), paths.fieldNames());
        assertEquals(Set.of("post", "get"), paths.getJsonObject("/api/documents").fieldNames());
        assertEquals("uploads", paths.getJsonObject("/api/documents").getJsonObject("get").getString("x-rag-service"));
    }

    @Test
    void everyOperationListsItsProblemAnswersAndSecuredOnesTheBearerScheme() {
        JsonObject paths = merged().getJsonObject("paths");
        JsonObject login = paths.getJsonObject("/api/auth/login").getJsonObject("post");
        assertTrue(login.getJsonObject("responses").containsKey("400"));
        assertTrue(login.getJsonObject("responses").containsKey("413"));
        assertTrue(login.getJsonObject("responses").containsKey("429"));
        assertFalse(login.getJsonObject("responses").containsKey("404"));
        JsonObject jwks = paths.getJsonObject("/api/auth/jwks").getJsonObject("get");
        assertNull(jwks.getJsonArray("security"), "a public path needs no credential");
        assertFalse(jwks.getJsonObject("responses").containsKey("401"));
        JsonObject delete = paths.getJsonObject("/api/documents/{id}").getJsonObject("delete");
        assertNotNull(delete.getJsonArray("security"));
        assertEquals("#/components/schemas/Problem", delete.getJsonObject("responses").getJsonObject("404")
                .getJsonObject("content").getJsonObject("application/problem+json").getJsonObject("schema").getString("$ref"));
        assertTrue(delete.getJsonObject("responses").getJsonObject("401").getString("description").contains("revoked"));
        JsonObject upload = paths.getJsonObject("/api/documents").getJsonObject("post");
        assertTrue(upload.getJsonObject("responses").getJsonObject("403").getString("description").contains("documents:write"));
    }

    @Test
    void schemasOfTheSameNameButAnotherShapeAreRenamedWithTheirReferences() {
        JsonObject merged = merged();
        JsonObject schemas = merged.getJsonObject("components").getJsonObject("schemas");
        assertEquals("auth", schemas.getJsonObject("View").getString("title"));
        assertEquals("ingest", schemas.getJsonObject("uploads_View").getString("title"));
        assertEquals("#/components/schemas/uploads_View", merged.getJsonObject("paths").getJsonObject("/api/documents/{id}/view")
                .getJsonObject("put").getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("schema").getString("$ref"));
        assertTrue(schemas.containsKey("Problem"));
    }
}
