package dev.ragsuite.chat.rest.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragsuite.chat.Citation;
import dev.ragsuite.chat.answer.StreamEvent;
import dev.ragsuite.chat.rest.openai.ChatCompletion.Chunk;
import dev.ragsuite.chat.rest.openai.ChatCompletion.ChunkChoice;
import dev.ragsuite.chat.rest.openai.ChatCompletion.Delta;
import dev.ragsuite.chat.rest.openai.ChatCompletion.Rag;
import dev.ragsuite.chat.rest.openai.ChatCompletion.Usage;
import dev.ragsuite.common.problem.OpenAiError;
import io.smallrye.mutiny.Multi;
import java.util.List;

/**
 * One streamed completion as OpenAI's server-sent events, {@code data: <json>} lines without event names: a
 * first chunk with the assistant's role, one chunk per piece of the answer, a last chunk with
 * {@code finish_reason "stop"}, the citations, {@code rag.mode}, {@code rag.model} and the usage, OpenAI's usage chunk
 * ({@code "choices":[]}) when asked for, then {@code data: [DONE]}. A failure after the stream began is one
 * {@code data: {"error":…}} chunk, then {@code [DONE]}.
 */
final class CompletionStream {

    static final String DONE = "data: [DONE]";

    private final ObjectMapper json;
    private final String id;
    private final long created;
    private final int promptCharacters;
    private final boolean usageChunk;
    private final StringBuilder sent = new StringBuilder();
    private List<Citation> citations = List.of();

    CompletionStream(ObjectMapper json, String id, long created, int promptCharacters, boolean usageChunk) {
        this.json = json;
        this.id = id;
        this.created = created;
        this.promptCharacters = promptCharacters;
        this.usageChunk = usageChunk;
    }

    /** The events' {@code data:} lines, each without the line break and blank line that end an event. */
    Multi<String> events(Multi<StreamEvent> answer) {
        Multi<String> first = Multi.createFrom().item(() -> chunk(new Delta("assistant", ""), null, null, null, null));
        Multi<String> rest = answer.onItem().transformToIterable(this::chunks);
        return Multi.createBy().concatenating().streams(first, rest, Multi.createFrom().item(DONE));
    }

    private List<String> chunks(StreamEvent event) {
        if (event instanceof StreamEvent.Token t) {
            sent.append(t.text());
            return List.of(chunk(new Delta(null, t.text()), null, null, null, null));
        }
        if (event instanceof StreamEvent.Citations c) {
            citations = c.citations();
            return List.of();
        }
        if (event instanceof StreamEvent.Done d) {
            Usage usage = Usage.estimate(promptCharacters, sent.length());
            String last = chunk(new Delta(null, null), ChatCompletion.STOP, citations, new Rag(d.mode(), d.model()), usage);
            return usageChunk ? List.of(last, data(new Chunk(id, Chunk.OBJECT, created, OpenAiResource.MODEL, List.of(),
                    null, null, usage))) : List.of(last);
        }
        return List.of(data(OpenAiError.of(((StreamEvent.Failed) event).problem())));
    }

    private String chunk(Delta delta, String finishReason, List<Citation> citations, Rag rag, Usage usage) {
        return data(new Chunk(id, Chunk.OBJECT, created, OpenAiResource.MODEL,
                List.of(new ChunkChoice(0, delta, finishReason)), citations, rag, usage));
    }

    private String data(Object body) {
        try {
            return "data: " + json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a completion chunk could not be written as JSON", e);
        }
    }
}
