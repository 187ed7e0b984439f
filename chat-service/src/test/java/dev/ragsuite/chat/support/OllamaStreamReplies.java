package dev.ragsuite.chat.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streamed replies of Ollama's {@code POST /api/chat} ({@code "stream": true}) for the WireMock stand-in
 * of Ollama ({@code dev.ragsuite.testing.OllamaWireMockStandIn}): one JSON object per line (NDJSON), each
 * with the next piece of the message and {@code done: false}, then a final empty piece with
 * {@code done: true}, {@code done_reason} and the counters, as Ollama sends them.
 */
public final class OllamaStreamReplies {

    public static final String CONTENT_TYPE = "application/x-ndjson";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OllamaStreamReplies() {
    }

    public static String of(String... pieces) {
        StringBuilder body = new StringBuilder();
        for (String piece : pieces) {
            body.append(line(piece, false)).append('\n');
        }
        return body.append(line("", true)).append('\n').toString();
    }

    private static String line(String piece, boolean done) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("model", "llama3.2");
        line.put("created_at", Instant.now().toString());
        line.put("message", Map.of("role", "assistant", "content", piece));
        if (done) {
            line.put("done_reason", "stop");
        }
        line.put("done", done);
        if (done) {
            line.put("total_duration", 2_935_886_791L);
            line.put("prompt_eval_count", 262);
            line.put("eval_count", 12);
        }
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
