package dev.ragsuite.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WireMock stand-in for Ollama's HTTP API, speaking its real protocol: {@code POST /api/chat} with
 * {@code "stream": false} answers one JSON object ({@code model, created_at, message{role, content},
 * done, done_reason} and the timing counters), {@code POST /api/embed} answers
 * {@code {model, embeddings: [[...], ...]}}, {@code GET /api/tags} lists the local models. Tests stub
 * the calls per case through the server.
 *
 * <p>As a Quarkus test resource it sets {@code quarkus.langchain4j.ollama.base-url} (or the property
 * named by the init arg {@code property}) to the server and injects the server into the field marked
 * {@link OllamaStandIn}; plain JUnit tests use {@link #startServer()}.
 */
public class OllamaWireMockStandIn extends HttpApiStandIn {

    @Override
    protected String defaultProperty() {
        return "quarkus.langchain4j.ollama.base-url";
    }

    @Override
    protected Class<? extends Annotation> marker() {
        return OllamaStandIn.class;
    }

    @Override
    protected void stubDefaults(WireMockServer server) {
        stubTags(server);
    }

    /** A started server on a free local port, with {@code /api/tags} stubbed; the caller stops it. */
    public static WireMockServer startServer() {
        WireMockServer server = HttpApiStandIn.startServer();
        stubTags(server);
        return server;
    }

    public static void stubTags(WireMockServer server) {
        server.stubFor(get("/api/tags").willReturn(okJson(
                "{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"size\":2019393189},"
                        + "{\"name\":\"nomic-embed-text:latest\",\"model\":\"nomic-embed-text:latest\",\"size\":274302450}]}")));
    }

    /** The body of a finished, non-streamed {@code /api/chat} reply whose message says {@code content}. */
    public static String chatReply(String content) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("model", "llama3.2");
        reply.put("created_at", Instant.now().toString());
        reply.put("message", Map.of("role", "assistant", "content", content));
        reply.put("done_reason", "stop");
        reply.put("done", true);
        reply.put("total_duration", 4_935_886_791L);
        reply.put("load_duration", 534_986_708L);
        reply.put("prompt_eval_count", 262);
        reply.put("prompt_eval_duration", 107_345_000L);
        reply.put("eval_count", 21);
        reply.put("eval_duration", 4_289_432_000L);
        return json(reply);
    }

    /** The body of an {@code /api/embed} reply carrying {@code vectors}, one per input, in order. */
    public static String embedReply(String model, List<float[]> vectors) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("model", model);
        reply.put("embeddings", vectors);
        reply.put("total_duration", 14_143_917L);
        reply.put("load_duration", 1_019_500L);
        reply.put("prompt_eval_count", vectors.size() * 8);
        return json(reply);
    }
}
