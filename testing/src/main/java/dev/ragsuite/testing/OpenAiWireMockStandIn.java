package dev.ragsuite.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A WireMock stand-in for an OpenAI-compatible HTTP API (OpenAI itself, vLLM, llama.cpp's server, LM Studio),
 * its bodies shaped after OpenAI's public API reference:
 * <ul>
 * <li>{@code POST /v1/chat/completions}, whole: https://platform.openai.com/docs/api-reference/chat/create and
 * the chat completion object https://platform.openai.com/docs/api-reference/chat/object ({@link #completion});</li>
 * <li>the same with {@code "stream": true}: server-sent {@code data:} events of chat completion chunks,
 * https://platform.openai.com/docs/api-reference/chat-streaming/streaming, a last chunk with
 * {@code finish_reason}, the usage chunk ({@code "choices": []}, sent when {@code stream_options.include_usage})
 * and {@code data: [DONE]} ({@link #streamedCompletion});</li>
 * <li>{@code POST /v1/embeddings}: https://platform.openai.com/docs/api-reference/embeddings/create
 * ({@link #embeddings});</li>
 * <li>{@code GET /v1/models}: https://platform.openai.com/docs/api-reference/models/list, answered only with
 * the right key ({@link #API_KEY}), 401 otherwise;</li>
 * <li>errors: https://platform.openai.com/docs/guides/error-codes ({@link #error}).</li>
 * </ul>
 * As a Quarkus test resource it sets {@code rag.chat.llm.openai.base-url} (or the property named by the init
 * arg {@code property}) to the server's {@code /v1} and injects the server into the field marked
 * {@link OpenAiStandIn}. Tests stub the calls per case.
 */
public class OpenAiWireMockStandIn extends HttpApiStandIn {

    /** The key the stand-in accepts (a made-up value, not a real key). */
    public static final String API_KEY = "sk-stand-in-0123456789";
    /** What the stand-in's replies say answered: OpenAI replies with the dated snapshot of the model asked for. */
    public static final String MODEL_SNAPSHOT = "gpt-4o-mini-2024-07-18";
    public static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    @Override
    protected String defaultProperty() {
        return "rag.chat.llm.openai.base-url";
    }

    @Override
    protected String basePath() {
        return "/v1";
    }

    @Override
    protected Class<? extends Annotation> marker() {
        return OpenAiStandIn.class;
    }

    @Override
    public void stubDefaults(WireMockServer server) {
        server.stubFor(get("/v1/models").atPriority(10).willReturn(error(401,
                "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error", "invalid_api_key")));
        server.stubFor(get("/v1/models").atPriority(1).withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .willReturn(okJson(json(Map.of("object", "list", "data", List.of(
                        Map.of("id", "gpt-4o-mini", "object", "model", "created", 1_721_172_741L, "owned_by", "system"),
                        Map.of("id", "text-embedding-3-small", "object", "model", "created", 1_705_948_997L, "owned_by", "system")))))));
    }

    /** A whole chat completion whose message says {@code content}, with its token usage. */
    public static String completion(String content, int promptTokens, int completionTokens) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", content);
        message.put("refusal", null);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("logprobs", null);
        choice.put("finish_reason", "stop");
        Map<String, Object> body = envelope("chat.completion");
        body.put("choices", List.of(choice));
        body.put("usage", usage(promptTokens, completionTokens));
        return json(body);
    }

    /**
     * A streamed chat completion as the server sends it: a chunk with the role, one chunk per piece, a last
     * chunk with {@code finish_reason "stop"}, the usage chunk, then {@code [DONE]}; each event ends with a blank line.
     */
    public static String streamedCompletion(int promptTokens, int completionTokens, String... pieces) {
        String id = "chatcmpl-" + UUID.randomUUID();
        List<Map<String, Object>> chunks = new ArrayList<>();
        chunks.add(chunk(id, Map.of("role", "assistant", "content", ""), null));
        for (String piece : pieces) {
            chunks.add(chunk(id, Map.of("content", piece), null));
        }
        chunks.add(chunk(id, Map.of(), "stop"));
        Map<String, Object> usage = envelope("chat.completion.chunk");
        usage.put("id", id);
        usage.put("choices", List.of());
        usage.put("usage", usage(promptTokens, completionTokens));
        chunks.add(usage);
        StringBuilder sse = new StringBuilder();
        for (Map<String, Object> chunk : chunks) {
            sse.append("data: ").append(json(chunk)).append("\n\n");
        }
        return sse.append("data: [DONE]\n\n").toString();
    }

    /** An embeddings reply carrying {@code vectors}, one per input, in order. */
    public static String embeddings(String model, List<float[]> vectors) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            data.add(Map.of("object", "embedding", "index", i, "embedding", vectors.get(i)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", data);
        body.put("model", model);
        body.put("usage", Map.of("prompt_tokens", vectors.size() * 8, "total_tokens", vectors.size() * 8));
        return json(body);
    }

    /** An error reply in OpenAI's shape: {@code {"error": {message, type, param, code}}} with this status. */
    public static ResponseDefinitionBuilder error(int status, String message, String type, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", null);
        error.put("code", code);
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(json(Map.of("error", error)));
    }

    private static Map<String, Object> chunk(String id, Map<String, Object> delta, String finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        Map<String, Object> chunk = envelope("chat.completion.chunk");
        chunk.put("id", id);
        chunk.put("choices", List.of(choice));
        return chunk;
    }

    private static Map<String, Object> envelope(String object) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "chatcmpl-" + UUID.randomUUID());
        body.put("object", object);
        body.put("created", Instant.now().getEpochSecond());
        body.put("model", MODEL_SNAPSHOT);
        body.put("system_fingerprint", "fp_stand_in");
        return body;
    }

    private static Map<String, Object> usage(int promptTokens, int completionTokens) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return usage;
    }
}
