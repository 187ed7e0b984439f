package dev.ragsuite.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.ragsuite.chat.support.LlmModeProfile;
import dev.ragsuite.chat.support.LlmStandInTestBase;
import dev.ragsuite.chat.support.VectorServiceWireMockStandIn;
import dev.ragsuite.common.security.InternalToken;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real vector client against a stand-in vector-service: headers, retry, and failures as 503. */
@QuarkusTest
@TestProfile(LlmModeProfile.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class VectorClientTest extends LlmStandInTestBase {

    VectorClientTest() {
        super("vector-user-");
    }

    @BeforeEach
    void modelDown() {
        ollama.stubFor(post("/api/chat").willReturn(aResponse().withStatus(503))); // answers come from the fallback here
    }

    @Test
    void aFollowUpIsRetriedAfterAConnectionResetAndKeepsTheUsersToken() {
        String conversationId = ask(Map.of("question", "In what year did Tesla die?")).statusCode(200)
                .extract().path("conversationId");
        vector.resetAll();
        VectorServiceWireMockStandIn.stubDefaults(vector);
        vector.stubFor(post("/internal/v1/search").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("recovered"));

        ask(Map.of("question", "Where did Tesla die?", "conversationId", conversationId))
                .statusCode(200)
                .body("conversationId", is(conversationId))
                .body("answer", containsString("New Yorker Hotel"));

        vector.verify(2, postRequestedFor(urlEqualTo("/internal/v1/search"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader(InternalToken.HEADER, equalTo(RagTestEnvironment.INTERNAL_TOKEN)));
    }

    @Test
    void aVectorServiceErrorIsA503Problem() {
        vector.stubFor(post("/internal/v1/search").willReturn(aResponse().withStatus(500)));

        ask(Map.of("question", "In what year did Tesla die?"))
                .statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("Retrieval is unavailable"));
    }

    @Test
    void aVectorServiceSlowerThanTheTimeoutIsA503Problem() {
        vector.stubFor(post("/internal/v1/search").willReturn(aResponse().withStatus(200)
                .withFixedDelay(LlmModeProfile.RETRIEVAL_TIMEOUT_MILLIS + 1_500)));

        ask(Map.of("question", "In what year did Tesla die?"))
                .statusCode(503)
                .contentType("application/problem+json");
    }

    private ValidatableResponse ask(Map<String, ?> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/chat").then();
    }
}
