package dev.ragsuite.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * chat-service holds scoped tokens (what API keys are exchanged for) to their scopes itself, not only the
 * gateway: a token reaching the service directly gets no further than its scopes allow.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class ApiKeyScopeTest {

    private static String user() {
        return "key-user-" + UUID.randomUUID();
    }

    @Test
    void aScopedTokenWithoutTheChatScopeGets403FromTheServiceItself() {
        String documentsOnly = TestJwt.scoped(user(), "documents:read", "documents:write");
        given().auth().oauth2(documentsOnly).contentType("application/json").body("{\"question\":\"q\"}")
                .post("/api/chat").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("'chat'"));
        given().auth().oauth2(documentsOnly).get("/api/conversations").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(documentsOnly).contentType("application/json").body("{\"rating\":\"up\"}")
                .post("/api/messages/" + UUID.randomUUID() + "/feedback").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void theChatScopeAndSessionTokensPass() {
        given().auth().oauth2(TestJwt.scoped(user(), "chat")).get("/api/conversations").then().statusCode(200);
        given().auth().oauth2(TestJwt.user(user())).get("/api/conversations").then().statusCode(200);
    }
}
