package dev.ragsuite.vector.support;

import static io.restassured.RestAssured.given;

import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.testing.TestSecurityEnvironment;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** Calls of vector-service's internal API as its callers make them, for the tests over HTTP. */
public final class InternalApi {

    /** The header carrying the internal token. */
    public static final String INTERNAL = "X-Internal-Token";
    public static final String PROBLEM = "application/problem+json";

    private InternalApi() {
    }

    /** A request from an internal caller: the internal token, a JSON body. */
    public static RequestSpecification internal() {
        return given().header(INTERNAL, TestSecurityEnvironment.INTERNAL_TOKEN).contentType(ContentType.JSON);
    }

    /** An internal caller's request on behalf of {@code user} (a valid user token). */
    public static RequestSpecification asUser(String user) {
        return internal().header("Authorization", "Bearer " + TestJwt.user(user));
    }

    /** {@code POST /internal/v1/search} for {@code user}. */
    public static ValidatableResponse search(String user, String query, int topK) {
        return asUser(user).body(Map.of("query", query, "topK", topK))
                .when().post("/internal/v1/search")
                .then();
    }
}
