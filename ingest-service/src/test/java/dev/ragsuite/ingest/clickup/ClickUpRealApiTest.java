package dev.ragsuite.ingest.clickup;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.ingest.SecretsTestKeyset;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.RequiresEnv;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The ClickUp client and the sync's rendering of a task against the real ClickUp API (read only), when {@code CLICKUP_WORKSPACE_ID} and
 * {@code CLICKUP_TOKEN} are set; otherwise skipped with a {@code SKIPPED:} line. The condition names the
 * workspace variable, not the token, so no report ever prints the token.
 */
@QuarkusTest
@RequiresEnv(value = "CLICKUP_WORKSPACE_ID", needs = "ClickUp workspace (with CLICKUP_TOKEN, a personal token that reaches it)")
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SecretsTestKeyset.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ClickUpStandInResource.class, scope = TestResourceScope.GLOBAL)
class ClickUpRealApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theRealApiAnswersWhatTheClientReads() {
        String token = System.getenv("CLICKUP_TOKEN");
        if (token == null || token.isBlank()) {
            System.out.println("SKIPPED: ClickUpRealApiTest — CLICKUP_TOKEN is not set");
            Assumptions.abort("CLICKUP_TOKEN is not set");
        }
        String workspace = System.getenv("CLICKUP_WORKSPACE_ID");
        String base = System.getenv().getOrDefault("RAG_CLICKUP_API_URL", "https://api.clickup.com/api");
        ClickUpApi api = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(base))
                .connectTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                .readTimeout(20, java.util.concurrent.TimeUnit.SECONDS).build(ClickUpApi.class);
        ClickUpClient client = new ClickUpClient(api,
                new ClickUpClient.Settings(Duration.ofSeconds(20), 3, Duration.ofMillis(500), Duration.ofSeconds(70), 5),
                Clock.systemUTC());

        ClickUp.User user = client.user(token).await().atMost(WAIT);
        assertNotNull(user.id(), "ClickUp names the token's user");
        List<ClickUp.Team> teams = client.workspaces(token).await().atMost(WAIT);
        assertTrue(teams.stream().anyMatch(t -> workspace.equals(t.id())), "the token reaches CLICKUP_WORKSPACE_ID");
        List<String> lists = client.listIdsInScope(token, workspace, List.of(), List.of()).await().atMost(WAIT);
        if (!lists.isEmpty()) {
            List<ClickUp.Task> tasks = client.tasks(token, lists.get(0), Optional.empty()).await().atMost(WAIT);
            tasks.forEach(t -> assertNotNull(t.id(), "every task has an id"));
            if (!tasks.isEmpty()) {
                ClickUp.Task first = tasks.get(0);
                List<ClickUp.Comment> comments = client.comments(token, first.id()).await().atMost(WAIT);
                assertNotNull(comments);
                // what a sync would index for it: the real task's name and its link, rendered the same way twice
                byte[] rendered = TaskDocument.render(first, comments);
                String text = new String(rendered, java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(first.name() == null || text.contains(first.name().replaceAll("\\s+", " ").strip()), text);
                assertTrue(java.util.Arrays.equals(rendered, TaskDocument.render(first, comments)), "rendering is stable");
                assertNotNull(TaskDocument.updated(first), "ClickUp sends date_updated as Unix milliseconds");
                assertTrue(first.url() != null && first.url().startsWith("https://"), "the task's link: " + first.url());
            }
        }
        System.out.println("ClickUp (real): " + teams.size() + " workspace(s), " + lists.size() + " list(s) in scope");
    }
}
