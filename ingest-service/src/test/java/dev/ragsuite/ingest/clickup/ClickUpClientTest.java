package dev.ragsuite.ingest.clickup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.ragsuite.ingest.SecretsTestKeyset;
import dev.ragsuite.testing.ClickUpStandIn;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;

/**
 * The ClickUp client against {@link ClickUpStandIn} (a WireMock stand-in shaped by ClickUp's API
 * reference): pagination to the last page with the documented query parameters, 429 answered by
 * waiting for the reset, transient failures retried, a revoked token reported as such at once,
 * every call timed out, and a task with comments and unicode read intact.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SecretsTestKeyset.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ClickUpStandInResource.class, scope = TestResourceScope.GLOBAL)
class ClickUpClientTest {

    @ClickUpStandInResource.Inject
    ClickUpStandIn clickUp;

    @Inject
    ClickUpClient client;

    @Inject
    @RestClient
    ClickUpApi api;

    @Test
    void tasksArePagedToTheLastPageWithClosedTasksSubtasksAndTheUpdatedSinceFilter() {
        String token = clickUp.newToken();
        clickUp.tasks(token, ClickUpStandIn.LIST, List.of(
                ClickUpStandIn.tasksNumbered("p0-", 0, 100, 1733500000000L),
                ClickUpStandIn.tasksNumbered("p1-", 0, 100, 1733500000000L),
                ClickUpStandIn.tasksNumbered("p2-", 0, 7, 1733500000000L)));

        List<ClickUp.Task> tasks = client.tasks(token, ClickUpStandIn.LIST, Optional.of(Instant.ofEpochMilli(1733400000000L)))
                .await().atMost(Duration.ofSeconds(10));

        assertEquals(207, tasks.size());
        assertEquals("p2-6", tasks.get(206).id());
        // three pages (more requests only if a slow machine timed one out and it was retried)
        clickUp.server().verify(moreThanOrExactly(3), getRequestedFor(urlPathEqualTo("/api/v2/list/" + ClickUpStandIn.LIST + "/task"))
                .withHeader("Authorization", equalTo(token))
                .withQueryParam("include_closed", equalTo("true"))
                .withQueryParam("subtasks", equalTo("true"))
                .withQueryParam("date_updated_gt", equalTo("1733400000000")));
    }

    @Test
    void aTaskWithUnicodeAndItsCommentsIsReadIntact() {
        String token = clickUp.newToken();
        String text = "Überprüfung der Zählerstände — 東京オフィス 🚀";
        clickUp.tasks(token, ClickUpStandIn.LIST, List.of(List.of(ClickUpStandIn.task("86c0ffee", "Straße ✓", text, 1733500000000L))));
        clickUp.comments(token, "86c0ffee", List.of(
                ClickUpStandIn.comment("90150001", "Zweiter Kommentar: ça marche 👍", 1733600000000L),
                ClickUpStandIn.comment("90150000", "First comment", 1733550000000L)));

        ClickUp.Task task = client.tasks(token, ClickUpStandIn.LIST, Optional.empty()).await().atMost(Duration.ofSeconds(10)).get(0);
        List<ClickUp.Comment> comments = client.comments(token, task.id()).await().atMost(Duration.ofSeconds(10));

        assertEquals("Straße ✓", task.name());
        assertEquals(text, task.textContent());
        assertEquals("in progress", task.status().status());
        assertEquals("Grace Hopper", task.assignees().get(0).username());
        assertEquals("Müller & Søn", task.customFields().get(0).value().asText());
        assertEquals("https://app.clickup.com/t/86c0ffee", task.url());
        assertEquals(List.of("First comment", "Zweiter Kommentar: ça marche 👍"),
                comments.stream().map(ClickUp.Comment::commentText).toList(), "oldest first");
    }

    @Test
    void theScopeResolvesToEveryListOfTheWorkspace() {
        String token = clickUp.newToken();
        clickUp.hierarchy(token);
        List<String> lists = client.listIdsInScope(token, ClickUpStandIn.WORKSPACE, List.of(), List.of())
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(List.of(ClickUpStandIn.LIST, ClickUpStandIn.FOLDERLESS_LIST), lists);
        assertEquals(List.of("42"), client.listIdsInScope(token, ClickUpStandIn.WORKSPACE, List.of(), List.of("42"))
                .await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void a429WaitsForTheResetThenSucceeds() {
        String token = clickUp.newToken();
        String path = "/api/v2/task/86ratelimit/comment";
        long reset = Instant.now().plusSeconds(1).getEpochSecond();
        clickUp.server().stubFor(ClickUpStandIn.withToken(get(urlPathEqualTo(path)), token).atPriority(1)
                .inScenario("rate").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("limited")
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("X-RateLimit-Limit", "100").withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", String.valueOf(reset))
                        .withBody("{\"err\":\"Rate limit reached\",\"ECODE\":\"APP_002\"}")));
        clickUp.server().stubFor(ClickUpStandIn.withToken(get(urlPathEqualTo(path)), token).atPriority(1)
                .inScenario("rate").whenScenarioStateIs("limited")
                .willReturn(okJson(ClickUpStandIn.json(Map.of("comments", List.of(ClickUpStandIn.comment("1", "after the wait", 1L)))))));

        long started = System.nanoTime();
        List<ClickUp.Comment> comments = client.comments(token, "86ratelimit").await().atMost(Duration.ofSeconds(10));
        long waitedMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals("after the wait", comments.get(0).commentText());
        assertTrue(waitedMs >= (reset * 1000 - System.currentTimeMillis() - 1000), "waited for the reset: " + waitedMs + " ms");
        clickUp.server().verify(moreThanOrExactly(2), getRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void aRevokedTokenIsReportedAsUnauthorizedAtOnceWithoutRetries() {
        String token = clickUp.newToken();
        clickUp.revoke(token);
        ClickUpException e = assertThrows(ClickUpException.class, () -> client.user(token).await().atMost(Duration.ofSeconds(10)));
        assertEquals(ClickUpException.Kind.UNAUTHORIZED, e.kind());
        assertEquals(401, e.status());
        assertEquals(Optional.of("Token invalid, OAUTH_025"), e.clickUpError());
        assertFalse(e.getMessage().contains(token));
        clickUp.server().verify(1, getRequestedFor(urlPathEqualTo("/api/v2/user")).withHeader("Authorization", equalTo(token)));
    }

    @Test
    void transientFailuresAreRetriedAndEveryCallHasATimeout() {
        String token = clickUp.newToken();
        String path = "/api/v2/task/86flaky/comment";
        clickUp.server().stubFor(ClickUpStandIn.withToken(get(urlPathEqualTo(path)), token).atPriority(1)
                .inScenario("flaky").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(503).withBody("upstream connect error")));
        clickUp.server().stubFor(ClickUpStandIn.withToken(get(urlPathEqualTo(path)), token).atPriority(1)
                .inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(okJson("{\"comments\":[]}")));
        assertEquals(List.of(), client.comments(token, "86flaky").await().atMost(Duration.ofSeconds(30)));
        clickUp.server().verify(moreThanOrExactly(2), getRequestedFor(urlPathEqualTo(path))); // the 503, then the answer

        String slow = "/api/v2/task/86slow/comment";
        clickUp.server().stubFor(ClickUpStandIn.withToken(get(urlPathEqualTo(slow)), token).atPriority(1)
                .willReturn(okJson("{\"comments\":[]}").withFixedDelay(1500)));
        ClickUpClient impatient = new ClickUpClient(api, shortConfig(), Clock.systemUTC());
        ClickUpException timedOut = assertThrows(ClickUpException.class,
                () -> impatient.comments(token, "86slow").await().atMost(Duration.ofSeconds(10)));
        assertEquals(ClickUpException.Kind.UNAVAILABLE, timedOut.kind());
        assertTrue(timedOut.getMessage().contains("within 200 ms"), timedOut.getMessage());
        clickUp.server().verify(2, getRequestedFor(urlPathEqualTo(slow))); // one retry, then given up
    }

    /** 200 ms per call, one retry: a timeout test that costs well under a second of waiting. */
    private static ClickUpClient.Settings shortConfig() {
        return new ClickUpClient.Settings(Duration.ofMillis(200), 1, Duration.ofMillis(10), Duration.ofSeconds(5), 1);
    }
}
