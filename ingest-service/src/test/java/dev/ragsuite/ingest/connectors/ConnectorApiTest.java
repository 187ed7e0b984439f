package dev.ragsuite.ingest.connectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.common.secrets.SecretDecryptionException;
import dev.ragsuite.ingest.AliceAndBobTest;
import dev.ragsuite.ingest.Fixtures;
import dev.ragsuite.ingest.IngestTestSupport;
import dev.ragsuite.ingest.SecretsTestKeyset;
import dev.ragsuite.ingest.clickup.ClickUpStandInResource;
import dev.ragsuite.testing.ClickUpStandIn;
import dev.ragsuite.ingest.client.VectorClient;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connectors API against the ClickUp stand-in ({@link ClickUpStandIn}) and real PostgreSQL: a token
 * is checked with ClickUp before it is kept, kept only encrypted and bound to its row, never shown
 * (only its hint); each user sees only their own connections; deleting one removes its documents
 * unless asked to keep them.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SecretsTestKeyset.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ClickUpStandInResource.class, scope = TestResourceScope.GLOBAL)
class ConnectorApiTest extends AliceAndBobTest {

    static final String CONNECTORS = "/api/connectors";

    @ClickUpStandInResource.Inject
    ClickUpStandIn clickUp;

    @InjectMock
    VectorClient vectors;

    @Inject
    Pool db;

    @Inject
    TokenVault vault;

    @BeforeEach
    void vectorServiceAcceptsEverything() {
        IngestTestSupport.acceptEverything(vectors);
    }

    static Response create(String userToken, Object body) {
        return given().auth().oauth2(userToken).contentType(ContentType.JSON).body(body).post(CONNECTORS);
    }

    static String connect(String userToken, String clickUpToken) {
        return create(userToken, Map.of("type", "clickup", "token", clickUpToken, "workspaceId", ClickUpStandIn.WORKSPACE))
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void aCheckedTokenIsStoredAndOnlyItsHintIsEverShown() {
        String token = clickUp.newToken();
        Response created = create(aliceToken, Map.of("type", "clickup", "token", token, "workspaceId", ClickUpStandIn.WORKSPACE,
                "spaceIds", List.of(ClickUpStandIn.SPACE)));
        created.then().statusCode(201)
                .header("Location", containsString("/api/connectors/"))
                .body("id", notNullValue()).body("type", equalTo("clickup")).body("status", equalTo("idle"))
                .body("tokenHint", equalTo("…" + token.substring(token.length() - 4)))
                .body("scope.workspaceId", equalTo(ClickUpStandIn.WORKSPACE))
                .body("scope.spaceIds", equalTo(List.of(ClickUpStandIn.SPACE))).body("scope.listIds", equalTo(List.of()))
                .body("createdAt", notNullValue()).body("documentsImported", equalTo(0))
                .body("externalUser", equalTo("Ada Lovelace"))
                .body("sync.startedAt", nullValue()).body("sync.last", nullValue());
        String id = created.path("id");
        assertFalse(created.asString().contains(token));

        String got = given().auth().oauth2(aliceToken).get(CONNECTORS + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("lastSyncAt", equalTo(null)).body("lastError", equalTo(null)).extract().asString();
        String listed = given().auth().oauth2(aliceToken).get(CONNECTORS).then().statusCode(200)
                .body("items.id", hasItem(id)).body("total", equalTo(1)).extract().asString();
        assertFalse(got.contains(token) || listed.contains(token));
        clickUp.server().verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/v2/team"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo(token)));
    }

    @Test
    void aTokenClickUpRefusesOrThatCannotReachTheWorkspaceIsA422NamingWhyAndNothingIsStored() {
        String revoked = clickUp.newToken();
        clickUp.revoke(revoked);
        String body = create(aliceToken, Map.of("type", "clickup", "token", revoked, "workspaceId", ClickUpStandIn.WORKSPACE))
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("ClickUp refused this token")).body("detail", containsString("Token invalid"))
                .extract().asString();
        assertFalse(body.contains(revoked));

        create(aliceToken, Map.of("type", "clickup", "token", clickUp.newToken(), "workspaceId", ClickUpStandIn.OTHER_WORKSPACE))
                .then().statusCode(422)
                .body("detail", containsString("no access to workspace " + ClickUpStandIn.OTHER_WORKSPACE))
                .body("detail", containsString(ClickUpStandIn.WORKSPACE));
        given().auth().oauth2(aliceToken).get(CONNECTORS).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void badBodiesAre400WithoutEchoingTheToken() {
        String secret = "pk_1_THIS SHOULD NOT ECHO";
        create(aliceToken, Map.of("type", "clickup", "token", secret, "workspaceId", ClickUpStandIn.WORKSPACE)).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("'token'"))
                .body(not(containsString("SHOULD NOT ECHO")));
        create(aliceToken, Map.of("type", "jira", "token", clickUp.newToken(), "workspaceId", "1")).then().statusCode(400)
                .body("detail", containsString("clickup"));
        create(aliceToken, Map.of("type", "clickup", "token", clickUp.newToken(), "workspaceId", "../../etc")).then().statusCode(400);
        create(aliceToken, Map.of("type", "clickup", "token", clickUp.newToken())).then().statusCode(400)
                .body("detail", containsString("workspaceId"));
        create(aliceToken, "{\"type\":\"clickup\",\"token\":\"pk_broken_json_" ).then().statusCode(400)
                .body(not(containsString("pk_broken_json_")));
        given().auth().oauth2(aliceToken).contentType(ContentType.JSON).body(Map.of()).patch(CONNECTORS + "/" + UUID.randomUUID())
                .then().statusCode(400);
    }

    @Test
    void othersConnectionsAre404ForEveryVerb() {
        String id = connect(aliceToken, clickUp.newToken());
        given().auth().oauth2(bobToken).get(CONNECTORS + "/" + id).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(bobToken).get(CONNECTORS).then().statusCode(200).body("items.id", not(hasItem(id)));
        given().auth().oauth2(bobToken).contentType(ContentType.JSON).body(Map.of("listIds", List.of("1")))
                .patch(CONNECTORS + "/" + id).then().statusCode(404);
        given().auth().oauth2(bobToken).delete(CONNECTORS + "/" + id).then().statusCode(404);
        given().auth().oauth2(aliceToken).get(CONNECTORS + "/not-a-uuid").then().statusCode(404);
        given().get(CONNECTORS).then().statusCode(401);
        given().auth().oauth2(aliceToken).get(CONNECTORS + "/" + id).then().statusCode(200);
    }

    @Test
    void aNewTokenIsCheckedThenReplacesTheOldAndANewScopeIsKept() {
        String id = connect(aliceToken, clickUp.newToken());
        String revoked = clickUp.newToken();
        clickUp.revoke(revoked);
        given().auth().oauth2(aliceToken).contentType(ContentType.JSON).body(Map.of("token", revoked))
                .patch(CONNECTORS + "/" + id).then().statusCode(422);

        String fresh = clickUp.newToken();
        given().auth().oauth2(aliceToken).contentType(ContentType.JSON)
                .body(Map.of("token", fresh, "listIds", List.of(ClickUpStandIn.LIST)))
                .patch(CONNECTORS + "/" + id).then().statusCode(200)
                .body("tokenHint", equalTo("…" + fresh.substring(fresh.length() - 4)))
                .body("scope.listIds", equalTo(List.of(ClickUpStandIn.LIST)));
        UUID uuid = UUID.fromString(id);
        byte[] stored = db.preparedQuery("select token_ciphertext from ingest.connectors where id = $1").execute(Tuple.of(uuid))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getBuffer(0).getBytes();
        assertEquals(fresh, vault.open(stored, uuid, alice));
    }

    @Test
    void aCiphertextCopiedToAnotherRowDoesNotDecryptThere() {
        String alices = connect(aliceToken, clickUp.newToken());
        String bobs = connect(bobToken, clickUp.newToken());
        UUID bobsId = UUID.fromString(bobs);
        db.preparedQuery("update ingest.connectors b set token_ciphertext = a.token_ciphertext from ingest.connectors a"
                + " where a.id = $1 and b.id = $2").execute(Tuple.of(UUID.fromString(alices), bobsId)).await().atMost(Duration.ofSeconds(5));
        try {
            byte[] copied = db.preparedQuery("select token_ciphertext, owner_id from ingest.connectors where id = $1")
                    .execute(Tuple.of(bobsId)).await().atMost(Duration.ofSeconds(5)).iterator().next().getBuffer(0).getBytes();
            String bobsOwner = db.preparedQuery("select owner_id from ingest.connectors where id = $1").execute(Tuple.of(bobsId))
                    .await().atMost(Duration.ofSeconds(5)).iterator().next().getString(0);
            assertThrows(SecretDecryptionException.class, () -> vault.open(copied, bobsId, bobsOwner));
            // using it (a workspace change re-checks the stored token) is a clear 409, not a 500 and not alice's token
            given().auth().oauth2(bobToken).contentType(ContentType.JSON).body(Map.of("workspaceId", ClickUpStandIn.OTHER_WORKSPACE))
                    .patch(CONNECTORS + "/" + bobs).then().statusCode(409).contentType("application/problem+json")
                    .body("detail", containsString("cannot be read"));
        } finally {
            given().auth().oauth2(bobToken).delete(CONNECTORS + "/" + bobs).then().statusCode(200);
        }
    }

    @Test
    void deletingAConnectionDeletesItsDocumentsUnlessAskedToKeepThem() {
        String id = connect(aliceToken, clickUp.newToken());
        String document = IngestTestSupport.upload(aliceToken, "task.txt", Fixtures.text(), "text/plain").then().statusCode(202)
                .extract().path("id");
        link(document, id);
        given().auth().oauth2(aliceToken).get(CONNECTORS + "/" + id).then().body("documentsImported", equalTo(1));

        given().auth().oauth2(aliceToken).delete(CONNECTORS + "/" + id).then().statusCode(200)
                .body("documentsDeleted", equalTo(1)).body("documentsKept", equalTo(0));
        given().auth().oauth2(aliceToken).get(IngestTestSupport.DOCUMENTS + "/" + document).then().statusCode(404);
        given().auth().oauth2(aliceToken).get(CONNECTORS + "/" + id).then().statusCode(404);

        String kept = connect(aliceToken, clickUp.newToken());
        String keptDocument = IngestTestSupport.upload(aliceToken, "kept.txt", Fixtures.prose(3).getBytes(), "text/plain")
                .then().statusCode(202).extract().path("id");
        link(keptDocument, kept);
        given().auth().oauth2(aliceToken).queryParam("keepDocuments", true).delete(CONNECTORS + "/" + kept).then().statusCode(200)
                .body("documentsDeleted", equalTo(0)).body("documentsKept", equalTo(1));
        given().auth().oauth2(aliceToken).get(IngestTestSupport.DOCUMENTS + "/" + keptDocument).then().statusCode(200);
    }

    private void link(String document, String connector) {
        int linked = db.preparedQuery("update ingest.documents set connector_id = $1 where id = $2")
                .execute(Tuple.of(UUID.fromString(connector), UUID.fromString(document))).await().atMost(Duration.ofSeconds(5)).rowCount();
        assertTrue(linked == 1, "the document row exists");
    }
}
