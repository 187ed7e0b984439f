package dev.ragsuite.chat.support;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a streamed chat completion of the OpenAI-compatible API strictly: only {@code data: } lines, each
 * followed by a blank line, the last {@code data: [DONE]}.
 */
public final class OpenAiStream {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiStream() {
    }

    /** The {@code data:} payloads in order, {@code [DONE]} included; fails on any other kind of line. */
    public static List<String> data(String sse) {
        List<String> data = new ArrayList<>();
        for (String event : sse.split("\n\n")) {
            assertThat(event, startsWith("data: "));
            assertThat(event.substring(6).contains("\n"), is(false));
            data.add(event.substring(6));
        }
        assertThat(sse.endsWith("data: [DONE]\n\n"), is(true));
        return data;
    }

    /** The pieces of the answer, concatenated (the delta contents of every chunk). */
    public static String text(List<String> data) {
        StringBuilder text = new StringBuilder();
        for (String payload : data.subList(0, data.size() - 1)) {
            JsonNode choices = json(payload).path("choices");
            if (!choices.isEmpty()) {
                text.append(choices.get(0).path("delta").path("content").asText(""));
            }
        }
        return text.toString();
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
