package dev.ragsuite.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ragsuite.testing.BadPaging;
import dev.ragsuite.testing.MalformedMultipart;
import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Input that outside probes sent through the gateway and got a 500 for: broken multipart uploads
 * and absurd paging. Each is a 400 problem+json from the service behind the gateway, passed through.
 * Runs alone as well ({@code -Dit.test=MalformedInputIT}).
 */
@Order(2)
@ExtendWith(SuiteExtension.class)
class MalformedInputIT {

    private static Suite suite;
    private static SuiteUser user;

    @BeforeAll
    static void user() {
        suite = SuiteExtension.suite();
        user = SuiteUser.register("Prober", "correct horse battery staple 42");
    }

    @Test
    void brokenMultipartUploadsAre400ProblemsThroughTheGateway() throws Exception {
        URI documents = URI.create(suite.gatewayUrl() + "/api/documents");
        MalformedMultipart.assertRefused(documents, user.token());
        assertEquals(202, MalformedMultipart.post(documents, user.token(), MalformedMultipart.multipart(),
                MalformedMultipart.wellFormed()).statusCode(), "the well-formed control is an ordinary upload");
    }

    @Test
    void absurdPagingIsA400ProblemOnEveryListThroughTheGateway() {
        BadPaging.assertRefused(() -> given().auth().oauth2(user.token()), "/api/documents");
        BadPaging.assertRefused(() -> given().auth().oauth2(user.token()), "/api/conversations");
    }
}
