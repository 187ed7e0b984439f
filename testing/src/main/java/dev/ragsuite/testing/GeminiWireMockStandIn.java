package dev.ragsuite.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WireMock stand-in for Google's Gemini API (generativelanguage.googleapis.com, {@code v1beta}), its bodies
 * shaped after Google's public API reference:
 * <ul>
 * <li>{@code POST /v1beta/models/{model}:generateContent}: https://ai.google.dev/api/generate-content#method:-models.generatecontent,
 * replying a {@code GenerateContentResponse} (https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse:
 * {@code candidates[].content.parts[].text}, {@code finishReason}, {@code usageMetadata}, {@code modelVersion})
 * ({@link #generateContent});</li>
 * <li>{@code POST /v1beta/models/{model}:streamGenerateContent?alt=sse}:
 * https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent, server-sent {@code data:}
 * events each carrying one {@code GenerateContentResponse} with the next piece, the last with
 * {@code finishReason} and the usage ({@link #streamGenerateContent});</li>
 * <li>{@code GET /v1beta/models/{model}}: https://ai.google.dev/api/models#method:-models.get, answered only
 * with the right key in {@code x-goog-api-key} ({@link #API_KEY}), 400 {@code API_KEY_INVALID} otherwise;</li>
 * <li>errors in Google's API error shape ({@code {"error": {code, message, status, details}}}):
 * https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes ({@link #error}, {@link #keyRefused}).</li>
 * </ul>
 * As a Quarkus test resource it sets {@code rag.chat.llm.gemini.base-url} (or the property named by the init
 * arg {@code property}) to the server's {@code /v1beta} and injects the server into the field marked
 * {@link GeminiStandIn}. Tests stub the calls per case.
 */
public class GeminiWireMockStandIn extends HttpApiStandIn {

    /** The key the stand-in accepts (a made-up value, not a real key). */
    public static final String API_KEY = "AIza-stand-in-0123456789";
    public static final String MODEL = "gemini-2.0-flash";
    public static final String GENERATE = "/v1beta/models/" + MODEL + ":generateContent";
    public static final String STREAM = "/v1beta/models/" + MODEL + ":streamGenerateContent";
    public static final String EVENT_STREAM = "text/event-stream";

    @Override
    protected String defaultProperty() {
        return "rag.chat.llm.gemini.base-url";
    }

    @Override
    protected String basePath() {
        return "/v1beta";
    }

    @Override
    protected Class<? extends Annotation> marker() {
        return GeminiStandIn.class;
    }

    @Override
    public void stubDefaults(WireMockServer server) {
        server.stubFor(get("/v1beta/models/" + MODEL).atPriority(10).willReturn(keyRefused()));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", "models/" + MODEL);
        model.put("version", "2.0");
        model.put("displayName", "Gemini 2.0 Flash");
        model.put("inputTokenLimit", 1_048_576);
        model.put("outputTokenLimit", 8_192);
        model.put("supportedGenerationMethods", List.of("generateContent", "countTokens"));
        server.stubFor(get("/v1beta/models/" + MODEL).atPriority(1).withHeader("x-goog-api-key", equalTo(API_KEY))
                .willReturn(okJson(json(model))));
    }

    /** A whole {@code generateContent} reply whose one candidate says {@code text}, with its token usage. */
    public static String generateContent(String text, int promptTokens, int outputTokens) {
        return json(response(text, "STOP", promptTokens, outputTokens));
    }

    /**
     * A {@code streamGenerateContent?alt=sse} reply: one {@code data:} event per piece (each a whole
     * {@code GenerateContentResponse}), the last with {@code finishReason STOP} and the final usage.
     */
    public static String streamGenerateContent(int promptTokens, int outputTokens, String... pieces) {
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < pieces.length; i++) {
            boolean last = i == pieces.length - 1;
            sse.append("data: ").append(json(response(pieces[i], last ? "STOP" : null, promptTokens, last ? outputTokens : i + 1)))
                    .append("\r\n\r\n");
        }
        return sse.toString();
    }

    /** An error reply in Google's API error shape with this HTTP status and canonical status name (e.g. 503, UNAVAILABLE). */
    public static ResponseDefinitionBuilder error(int code, String status, String message) {
        return errorReply(code, status, message, List.of());
    }

    /** How the Gemini API refuses a wrong key: 400 INVALID_ARGUMENT with reason API_KEY_INVALID. */
    public static ResponseDefinitionBuilder keyRefused() {
        return errorReply(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", List.of(Map.of(
                "@type", "type.googleapis.com/google.rpc.ErrorInfo",
                "reason", "API_KEY_INVALID",
                "domain", "googleapis.com",
                "metadata", Map.of("service", "generativelanguage.googleapis.com"))));
    }

    private static ResponseDefinitionBuilder errorReply(int code, String status, String message, List<Object> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        if (!details.isEmpty()) {
            error.put("details", details);
        }
        return aResponse().withStatus(code).withHeader("Content-Type", "application/json; charset=UTF-8")
                .withBody(json(Map.of("error", error)));
    }

    private static Map<String, Object> response(String text, String finishReason, int promptTokens, int outputTokens) {
        Map<String, Object> candidate = new LinkedHashMap<>();
        candidate.put("content", Map.of("parts", List.of(Map.of("text", text)), "role", "model"));
        if (finishReason != null) {
            candidate.put("finishReason", finishReason);
        }
        candidate.put("index", 0);
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("promptTokenCount", promptTokens);
        usage.put("candidatesTokenCount", outputTokens);
        usage.put("totalTokenCount", promptTokens + outputTokens);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("candidates", new ArrayList<>(List.of(candidate)));
        body.put("usageMetadata", usage);
        body.put("modelVersion", MODEL);
        body.put("responseId", "stand-in-" + Integer.toHexString(text.hashCode()));
        return body;
    }
}
