package dev.ragsuite.ingest.clickup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The parts of ClickUp's API v2 answers the connector reads, as ClickUp's reference documents them
 * (docs/connectors.md lists each endpoint and its reference page). Unknown fields are ignored.
 */
public final class ClickUp {

    private ClickUp() {
    }

    /** {@code GET /v2/user}: the token's owner. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UserAnswer(User user) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(Long id, String username, String email) {
    }

    /** {@code GET /v2/team}: the workspaces ("teams" in API v2) the token can reach. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TeamsAnswer(List<Team> teams) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Team(String id, String name) {
    }

    /** {@code GET /v2/team/{team_id}/space}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SpacesAnswer(List<Space> spaces) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Space(String id, String name) {
    }

    /** {@code GET /v2/space/{space_id}/folder}: folders with their lists. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FoldersAnswer(List<Folder> folders) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Folder(String id, String name, List<ListRef> lists) {
    }

    /** {@code GET /v2/space/{space_id}/list} (folderless lists) and {@code GET /v2/folder/{folder_id}/list}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ListsAnswer(List<ListRef> lists) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ListRef(String id, String name) {
    }

    /** {@code GET /v2/list/{list_id}/task}: one page (up to 100 tasks) and whether it is the last. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TasksAnswer(List<Task> tasks, @JsonProperty("last_page") Boolean lastPage) {
    }

    /** A task; dates are Unix milliseconds as strings, as ClickUp sends them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Task(String id, @JsonProperty("custom_id") String customId, String name,
            @JsonProperty("text_content") String textContent, String description, Status status,
            @JsonProperty("date_created") String dateCreated, @JsonProperty("date_updated") String dateUpdated,
            @JsonProperty("date_closed") String dateClosed, @JsonProperty("due_date") String dueDate,
            Boolean archived, String parent, List<Person> assignees, String url,
            @JsonProperty("custom_fields") List<CustomField> customFields, ListRef list) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(String status, String type) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Person(Long id, String username, String email) {
    }

    /** A custom field; its {@code value} depends on its {@code type} (text fields carry a string). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CustomField(String id, String name, String type, JsonNode value) {
    }

    /** {@code GET /v2/task/{task_id}/comment}: newest first, at most 25 per call. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CommentsAnswer(List<Comment> comments) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Comment(String id, @JsonProperty("comment_text") String commentText, Person user, String date) {
    }

    /** ClickUp's error body, e.g. {@code {"err":"Token invalid","ECODE":"OAUTH_025"}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Error(String err, @JsonProperty("ECODE") String ecode) {
    }
}
