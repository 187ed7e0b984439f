package dev.ragsuite.ingest.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.ingest.Connector;
import dev.ragsuite.ingest.connectors.ConnectorService;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The bodies of {@code POST} and {@code PATCH /api/connectors}, and their checks. A failed check
 * names the field and the rule, never the value sent (a token must not echo back in an error).
 */
final class ConnectorRequests {

    static final int MAX_TOKEN_CHARS = 512;
    static final int MIN_TOKEN_CHARS = 8;
    static final int MAX_IDS = 100;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");

    private ConnectorRequests() {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Create(String type, String token, String workspaceId, List<String> spaceIds, List<String> listIds) {

        ConnectorService.NewConnection checked() {
            if (type == null || !Connector.CLICKUP.equals(type)) {
                throw ProblemException.badRequest("'type' must be \"clickup\" (the only connector so far).");
            }
            if (token == null) {
                throw ProblemException.badRequest("'token' is required: a ClickUp personal API token.");
            }
            if (workspaceId == null) {
                throw ProblemException.badRequest("'workspaceId' is required: the id of a ClickUp workspace the token reaches.");
            }
            return new ConnectorService.NewConnection(type, checkedToken(token), id("workspaceId", workspaceId),
                    ids("spaceIds", spaceIds), ids("listIds", listIds));
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Change(String token, String workspaceId, List<String> spaceIds, List<String> listIds) {

        ConnectorService.Change checked() {
            if (token == null && workspaceId == null && spaceIds == null && listIds == null) {
                throw ProblemException.badRequest("Send at least one of 'token', 'workspaceId', 'spaceIds', 'listIds'.");
            }
            return new ConnectorService.Change(token == null ? null : checkedToken(token),
                    workspaceId == null ? null : id("workspaceId", workspaceId),
                    spaceIds == null ? null : ids("spaceIds", spaceIds), listIds == null ? null : ids("listIds", listIds));
        }
    }

    static String checkedToken(String token) {
        if (token.length() < MIN_TOKEN_CHARS || token.length() > MAX_TOKEN_CHARS || !TOKEN.matcher(token).matches()) {
            throw ProblemException.badRequest("'token' must be " + MIN_TOKEN_CHARS + " to " + MAX_TOKEN_CHARS
                    + " visible ASCII characters without spaces, as ClickUp issues them.");
        }
        return token;
    }

    static String id(String field, String id) {
        if (!ID.matcher(id).matches()) {
            throw ProblemException.badRequest("'" + field + "' must be a ClickUp id: 1 to 64 letters, digits, '-' or '_'.");
        }
        return id;
    }

    static List<String> ids(String field, List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        if (ids.size() > MAX_IDS) {
            throw ProblemException.badRequest("'" + field + "' may name at most " + MAX_IDS + " ids.");
        }
        return ids.stream().map(id -> {
            if (id == null) {
                throw ProblemException.badRequest("'" + field + "' must not contain null.");
            }
            return id(field + "[]", id);
        }).distinct().toList();
    }
}
