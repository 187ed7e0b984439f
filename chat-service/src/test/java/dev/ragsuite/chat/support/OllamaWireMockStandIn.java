package dev.ragsuite.chat.support;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WireMock stand-in for Ollama's HTTP API, speaking its real protocol: {@code POST /api/chat} with
 * {@code "stream": false} answers one JSON object ({@code model, created_at, message{role, content},
 * done, done_reason} and the timing counters), {@code GET /api/tags} lists the local models.
 * Tests stub {@code /api/chat} per case through the injected server.
 */
public class OllamaWireMockStandIn implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        stubTags(server);
        return Map.of("quarkus.langchain4j.ollama.base-url", server.baseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(OllamaStandIn.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public static void stubTags(WireMockServer server) {
        server.stubFor(get("/api/tags").willReturn(okJson(
                "{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"size\":2019393189}]}")));
    }

    /** The body of a finished, non-streamed {@code /api/chat} reply whose message says {@code content}. */
    public static String chatReply(String content) {
        try {
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
            return JSON.writeValueAsString(reply);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
