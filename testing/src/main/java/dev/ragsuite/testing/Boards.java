package dev.ragsuite.testing;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ClickUpStandIn}'s WireMock extension that answers "Get Tasks" and "Get Task Comments" from a
 * token's {@link Board}, computing each page from the request's query the way ClickUp's API reference
 * describes it.
 */
final class Boards implements ResponseDefinitionTransformerV2 {

    static final String NAME = "clickup-board";

    private final Map<String, Board> byToken = new ConcurrentHashMap<>();

    void put(String token, Board board) {
        byToken.put(token, board);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        Board board = byToken.get(request.getHeader("Authorization"));
        String[] path = URI.create(request.getUrl()).getPath().split("/");
        if (board == null || path.length < 6) {
            return json(401, Map.of("err", "Token invalid", "ECODE", "OAUTH_025"));
        }
        String id = path[4];
        Object answer = "task".equals(path[5])
                ? board.tasksPage(id, intParam(request, "page", 0), longParam(request, "date_updated_gt"),
                        "true".equals(param(request, "archived")))
                : board.commentsPage(id, longParam(request, "start"), param(request, "start_id"));
        board.calls.incrementAndGet();
        return json(200, answer);
    }

    private static ResponseDefinition json(int status, Object body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("X-RateLimit-Limit", "100").withHeader("X-RateLimit-Remaining", "99")
                .withHeader("X-RateLimit-Reset", String.valueOf(System.currentTimeMillis() / 1000 + 60))
                .withBody(ClickUpStandIn.json(body)).build();
    }

    private static String param(Request request, String name) {
        QueryParameter p = request.queryParameter(name);
        return p != null && p.isPresent() ? p.firstValue() : null;
    }

    private static int intParam(Request request, String name, int otherwise) {
        String value = param(request, name);
        return value == null ? otherwise : Integer.parseInt(value);
    }

    private static Long longParam(Request request, String name) {
        String value = param(request, name);
        return value == null ? null : Long.valueOf(value);
    }

}
