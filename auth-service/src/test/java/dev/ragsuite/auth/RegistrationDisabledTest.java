package dev.ragsuite.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
// registration off: the profile KeyRotationTest's two signing keys run in too (one Quarkus start for both)
@TestProfile(KeyRotationTest.TwoKeys.class)
class RegistrationDisabledTest {

    @Test
    void registrationIsForbiddenWhenSwitchedOff() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", AuthApi.randomEmail(), "password", AuthApi.PASSWORD, "displayName", "Nope"))
                .when().post("/api/auth/register")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("Registration is disabled"));
    }

    @Test
    void loginStillWorks() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", AuthApi.ADMIN_EMAIL, "password", AuthApi.ADMIN_PASSWORD))
                .when().post("/api/auth/login")
                .then().statusCode(200);
    }
}
