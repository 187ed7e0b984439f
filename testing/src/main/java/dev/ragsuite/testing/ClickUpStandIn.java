package dev.ragsuite.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WireMock stand-in for ClickUp's REST API v2 (not ClickUp itself), its answers shaped as ClickUp's
 * API reference documents them (https://developer.clickup.com/reference/, pages listed in
 * docs/connectors.md): {@code GET /v2/user} ({@code {user:{id, username, email, …}}}), {@code GET /v2/team}
 * ({@code {teams:[{id, name, …}]}}), spaces, folders and lists, {@code GET /v2/list/{id}/task} pages
 * ({@code {tasks:[…], last_page}}), {@code GET /v2/task/{id}/comment} ({@code {comments:[…]}}), errors
 * as {@code {err, ECODE}} (401 {@code Token invalid}/{@code OAUTH_025} for a token ClickUp does not
 * know or that was revoked), and the {@code X-RateLimit-Limit/Remaining/Reset} headers.
 * <p>
 * Plain WireMock, no Quarkus: ingest-service's tests wrap it in a test resource, the end-to-end tests
 * point the suite's {@code RAG_CLICKUP_API_URL} at {@link #apiUrl()}. Tokens are made per test with
 * {@link #newToken()}.
 */
public class ClickUpStandIn implements AutoCloseable {

    public static final String WORKSPACE = "9015550001";
    public static final String OTHER_WORKSPACE = "9015550002";
    public static final String SPACE = "90150000011";
    public static final String LIST = "901500000101";
    public static final String FOLDERLESS_LIST = "901500000102";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private WireMockServer server;
    private final Boards boards = new Boards();

    /** Starts a stand-in on a free port. */
    public static ClickUpStandIn start() {
        return start(0);
    }

    /** Starts a stand-in on {@code port} (0: a free one), e.g. where a suite's {@code RAG_CLICKUP_API_URL} already points. */
    public static ClickUpStandIn start(int port) {
        ClickUpStandIn standIn = new ClickUpStandIn();
        standIn.server = new WireMockServer((port == 0 ? options().dynamicPort() : options().port(port)).extensions(standIn.boards));
        standIn.server.start();
        // a token nobody registered: ClickUp's answer to an unknown or revoked personal token
        standIn.server.stubFor(get(urlPathMatching("/api/v2/.*")).atPriority(100).willReturn(tokenInvalid()));
        return standIn;
    }

    /** The API base URL, as {@code RAG_CLICKUP_API_URL} takes it (ClickUp's is https://api.clickup.com/api). */
    public String apiUrl() {
        return server.baseUrl() + "/api";
    }

    @Override
    public void close() {
        server.stop();
    }

    public WireMockServer server() {
        return server;
    }

    /** A new personal token ("pk_…", as ClickUp issues them) that ClickUp knows, reaching {@link #WORKSPACE}. */
    public String newToken() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String token = "pk_" + (10_000_000 + RANDOM.nextInt(80_000_000)) + "_" + HexFormat.of().formatHex(random).toUpperCase();
        accept(token);
        return token;
    }

    /** ClickUp answers this token's calls to the user and workspace endpoints. */
    public void accept(String token) {
        server.stubFor(withToken(get(urlPathEqualTo("/api/v2/user")), token).willReturn(rateLimited(okJson(json(Map.of("user",
                ordered("id", 81234567, "username", "Ada Lovelace", "email", "ada@example.com", "color", "#7b68ee",
                        "profilePicture", null, "initials", "AL", "week_start_day", 0, "global_font_support", false,
                        "timezone", "Europe/London")))), 99, 100)));
        server.stubFor(withToken(get(urlPathEqualTo("/api/v2/team")), token).willReturn(rateLimited(okJson(json(Map.of("teams",
                List.of(ordered("id", WORKSPACE, "name", "Analytical Engines", "color", "#536cfe", "avatar", null,
                        "members", List.of(Map.of("user", ordered("id", 81234567, "username", "Ada Lovelace",
                                "email", "ada@example.com", "color", "#7b68ee", "profilePicture", null, "initials", "AL",
                                "role", 1)))))))), 98, 100)));
    }

    /** From now on ClickUp refuses this token (revoked): 401 {@code Token invalid}. */
    public void revoke(String token) {
        server.stubFor(withToken(get(urlPathMatching("/api/v2/.*")), token).atPriority(1).willReturn(tokenInvalid()));
    }

    /** The list's tasks in pages of the given sizes (ClickUp pages by 100; {@code last_page} on the last). */
    public void tasks(String token, String listId, List<List<Map<String, Object>>> pages) {
        for (int i = 0; i < pages.size(); i++) {
            server.stubFor(withToken(get(urlPathEqualTo("/api/v2/list/" + listId + "/task")), token)
                    .withQueryParam("page", equalTo(String.valueOf(i)))
                    .willReturn(okJson(json(ordered("tasks", pages.get(i), "last_page", i == pages.size() - 1)))));
        }
    }

    /**
     * A workspace whose lists this token reads the way ClickUp serves them (not fixed pages): "Get Tasks" leaves
     * out archived tasks unless {@code archived=true}, honours {@code date_updated_gt}, pages by
     * {@link Board#pageSize} with {@code last_page}; "Get Task Comments" returns a task's comments newest first,
     * 25 per call, older ones by {@code start}/{@code start_id}. Tasks are changed, archived and deleted in
     * the returned board as a test goes.
     */
    public Board board(String token) {
        Board board = new Board();
        boards.put(token, board);
        server.stubFor(withToken(get(urlPathMatching("/api/v2/list/[^/]+/task")), token)
                .willReturn(aResponse().withTransformers(Boards.NAME)));
        server.stubFor(withToken(get(urlPathMatching("/api/v2/task/[^/]+/comment")), token)
                .willReturn(aResponse().withTransformers(Boards.NAME)));
        return board;
    }

    /** A task as ClickUp's "Get Tasks" returns it. */
    public static Map<String, Object> task(String id, String name, String text, long updatedMillis) {
        Map<String, Object> person = ordered("id", 183, "username", "Grace Hopper", "color", "#827718",
                "initials", "GH", "email", "grace@example.com", "profilePicture", null);
        return ordered("id", id, "custom_id", null, "custom_item_id", 0, "name", name, "text_content", text,
                "description", text, "status", ordered("id", "p90150000011_abc", "status", "in progress", "color", "#d3d3d3",
                        "orderindex", 1, "type", "custom"),
                "orderindex", "1.00000000000000000000000000000000", "date_created", "1733400000000",
                "date_updated", String.valueOf(updatedMillis), "date_closed", null, "date_done", null, "archived", false,
                "creator", person, "assignees", List.of(person), "group_assignees", List.of(), "watchers", List.of(),
                "checklists", List.of(), "tags", List.of(), "parent", null, "top_level_parent", null, "priority", null,
                "due_date", "1735689600000", "start_date", null, "points", null, "time_estimate", null,
                "custom_fields", List.of(ordered("id", "0a52c486-5f05-403b-b4fd-c512ff05131c", "name", "Customer",
                        "type", "short_text", "type_config", Map.of(), "date_created", "1733400000000",
                        "hide_from_guests", false, "value", "Müller & Søn", "required", false)),
                "dependencies", List.of(), "linked_tasks", List.of(), "locations", List.of(), "team_id", WORKSPACE,
                "url", "https://app.clickup.com/t/" + id, "sharing", Map.of("public", false), "permission_level", "create",
                "list", ordered("id", LIST, "name", "Roadmap", "access", true),
                "project", ordered("id", "90150000021", "name", "hidden", "hidden", true, "access", true),
                "folder", ordered("id", "90150000021", "name", "hidden", "hidden", true, "access", true),
                "space", Map.of("id", SPACE));
    }

    /** A comment as ClickUp's "Get Task Comments" returns it. */
    public static Map<String, Object> comment(String id, String text, long dateMillis) {
        return ordered("id", id, "comment", List.of(Map.of("text", text)), "comment_text", text,
                "user", ordered("id", 183, "username", "Grace Hopper", "initials", "GH", "email", "grace@example.com",
                        "color", "#827718", "profilePicture", null),
                "assigned_by", null, "resolved", false, "assignee", null, "reactions", List.of(), "date", String.valueOf(dateMillis),
                "reply_count", 0);
    }

    /** The task's comments (newest first, as ClickUp sends them). */
    public void comments(String token, String taskId, List<Map<String, Object>> newestFirst) {
        server.stubFor(withToken(get(urlPathEqualTo("/api/v2/task/" + taskId + "/comment")), token)
                .willReturn(okJson(json(Map.of("comments", newestFirst)))));
    }

    /** The workspace's one space, with a folder holding {@link #LIST} and the folderless {@link #FOLDERLESS_LIST}. */
    public void hierarchy(String token) {
        server.stubFor(withToken(get(urlPathEqualTo("/api/v2/team/" + WORKSPACE + "/space")), token).willReturn(okJson(json(
                Map.of("spaces", List.of(ordered("id", SPACE, "name", "Product", "private", false, "statuses", List.of(),
                        "multiple_assignees", true, "features", Map.of())))))));
        server.stubFor(withToken(get(urlPathEqualTo("/api/v2/space/" + SPACE + "/folder")), token).willReturn(okJson(json(
                Map.of("folders", List.of(ordered("id", "90150000021", "name", "Planning", "orderindex", 0,
                        "override_statuses", false, "hidden", false, "space", Map.of("id", SPACE, "name", "Product"),
                        "task_count", "3", "lists", List.of(ordered("id", LIST, "name", "Roadmap", "orderindex", 0,
                                "task_count", 3, "archived", false)))))))));
        server.stubFor(withToken(get(urlPathEqualTo("/api/v2/space/" + SPACE + "/list")), token).willReturn(okJson(json(
                Map.of("lists", List.of(ordered("id", FOLDERLESS_LIST, "name", "Inbox", "orderindex", 1,
                        "task_count", 0, "archived", false)))))));
    }

    public static MappingBuilder withToken(MappingBuilder mapping, String token) {
        return mapping.withHeader("Authorization", equalTo(token)).atPriority(10);
    }

    public static ResponseDefinitionBuilder tokenInvalid() {
        return aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"err\":\"Token invalid\",\"ECODE\":\"OAUTH_025\"}");
    }

    /** ClickUp's rate-limit headers on an answer: limit per minute, remaining, reset (Unix seconds). */
    public static ResponseDefinitionBuilder rateLimited(ResponseDefinitionBuilder response, int remaining, int limit) {
        return response.withHeader("X-RateLimit-Limit", String.valueOf(limit))
                .withHeader("X-RateLimit-Remaining", String.valueOf(remaining))
                .withHeader("X-RateLimit-Reset", String.valueOf(System.currentTimeMillis() / 1000 + 60));
    }

    /** An insertion-ordered map from key, value pairs (values may be null, as in ClickUp's answers). */
    public static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static List<Map<String, Object>> tasksNumbered(String prefix, int from, int count, long updatedMillis) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            tasks.add(task(prefix + i, "Task " + i, "Text of task " + i, updatedMillis));
        }
        return tasks;
    }
}
