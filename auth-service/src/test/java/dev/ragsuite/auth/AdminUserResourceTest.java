package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.ADMIN_EMAIL;
import static dev.ragsuite.auth.AuthApi.ADMIN_PASSWORD;
import static dev.ragsuite.auth.AuthApi.PASSWORD;
import static dev.ragsuite.auth.AuthApi.login;
import static dev.ragsuite.auth.AuthApi.randomEmail;
import static dev.ragsuite.auth.AuthApi.register;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import dev.ragsuite.common.api.PageRequest;
import dev.ragsuite.testing.BadPaging;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class AdminUserResourceTest {

    @Test
    void adminSeesThePagedUserList() {
        register(randomEmail());
        String admin = login(ADMIN_EMAIL, ADMIN_PASSWORD);

        given().auth().oauth2(admin)
                .queryParam("page", 0).queryParam("size", 2)
                .when().get("/api/admin/users")
                .then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("total", greaterThanOrEqualTo(2))
                .body("items.size()", lessThanOrEqualTo(2))
                .body("items", everyItem(hasKey("createdAt")))
                .body("items", everyItem(not(hasKey("passwordHash"))));

        // the first admin is the oldest user, so page 0 of the default size holds it
        given().auth().oauth2(admin)
                .when().get("/api/admin/users")
                .then().statusCode(200)
                .body("size", equalTo(PageRequest.DEFAULT_SIZE))
                .body("items.email", hasItem(ADMIN_EMAIL))
                .body("items.find { it.email == '" + ADMIN_EMAIL + "' }.role", equalTo("admin"))
                .body("items.find { it.email == '" + ADMIN_EMAIL + "' }.disabled", equalTo(false));
    }

    @Test
    void ordinaryUserIsForbidden() {
        String email = randomEmail();
        register(email);
        given().auth().oauth2(login(email, PASSWORD))
                .when().get("/api/admin/users")
                .then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void pageSizeIsLimited() {
        given().auth().oauth2(login(ADMIN_EMAIL, ADMIN_PASSWORD))
                .queryParam("size", 201)
                .when().get("/api/admin/users")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("size"));
    }

    @Test
    void anonymousIsUnauthorized() {
        given().when().get("/api/admin/users")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void badPagingIsA400ProblemOnEveryAdminList() {
        String admin = login(ADMIN_EMAIL, ADMIN_PASSWORD);
        BadPaging.assertRefused(() -> given().auth().oauth2(admin), "/api/admin/users");
        BadPaging.assertRefused(() -> given().auth().oauth2(admin), "/api/admin/audit");
    }
}
