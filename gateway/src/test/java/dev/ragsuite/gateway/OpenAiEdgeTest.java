package dev.ragsuite.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible API at the edge: `/v1/*` goes through the same chain as `/api` (credential,
 * API-key scope `chat`, body limit, budgets) to chat-service, and the gateway's own refusals there
 * are in OpenAI's error shape, which OpenAI clients parse, instead of problem+json.
 */
@QuarkusTest
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStandIn.class, scope = TestResourceScope.GLOBAL)
class OpenAiEdgeTest {

    private static final String COMPLETION = "{\"model\":\"rag-suite\",\"messages\":[{\"role\":\"user\",\"content\":\"When did Tesla die?\"}]}";

    @Test
    void anApiKeyWithTheChatScopeReachesChatServiceAsAToken() {
        given().auth().oauth2("rk_chat_" + UUID.randomUUID()).contentType("application/json").body(COMPLETION)
                .post("/v1/chat/completions").then().statusCode(200)
                .body("path", is("/v1/chat/completions"))
                .body("authorization", startsWith("Bearer ey"));
        given().auth().oauth2(TestJwt.user("u-" + UUID.randomUUID())).get("/v1/models").then().statusCode(200)
                .body("path", is("/v1/models"));
    }

    @Test
    void withoutACredentialTheRefusalIsInOpenAisShape() {
        given().contentType("application/json").body(COMPLETION).post("/v1/chat/completions").then().statusCode(401)
                .contentType("application/json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error.type", is("authentication_error"))
                .body("error.message", not(emptyOrNullString()))
                .body("title", nullValue())
                .body("status", nullValue());
    }

    @Test
    void aKeyWithoutTheChatScopeIsAPermissionError() {
        given().auth().oauth2("rk_docsread_" + UUID.randomUUID()).contentType("application/json").body(COMPLETION)
                .post("/v1/chat/completions").then().statusCode(403)
                .body("error.type", is("permission_error"));
        given().auth().oauth2("rk_docsread_" + UUID.randomUUID()).get("/v1/models").then().statusCode(403)
                .body("error.type", is("permission_error"));
    }

    @Test
    void anUnknownPathAndAnOversizedBodyAreRefusedInOpenAisShape() {
        String token = TestJwt.user("u-" + UUID.randomUUID());
        given().auth().oauth2(token).get("/v1/embeddings-nowhere").then().statusCode(404)
                .contentType("application/json")
                .body("error.type", is("not_found_error"));
        given().auth().oauth2(token).contentType("application/json").body("{\"messages\":\"" + "x".repeat(270_000) + "\"}")
                .post("/v1/chat/completions").then().statusCode(413)
                .body("error.type", is("invalid_request_error"))
                .body("error.code", is("request_too_large"));
    }

    @Test
    void theRestOfTheApiKeepsProblemJson() {
        given().contentType("application/json").body("{}").post("/api/chat").then().statusCode(401)
                .contentType("application/problem+json").body("title", not(emptyOrNullString()));
    }
}
