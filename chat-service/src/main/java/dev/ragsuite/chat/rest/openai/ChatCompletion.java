package dev.ragsuite.chat.rest.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ragsuite.chat.AnswerMode;
import dev.ragsuite.chat.Citation;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The bodies of the OpenAI-compatible API: a chat completion, its stream chunks, the model list. Beside
 * OpenAI's fields a completion carries {@code citations} (the objects {@code /api/chat} returns) and
 * {@code rag.mode} and {@code rag.model}; clients that do not know them ignore them.
 */
// native images: chunks are written with the ObjectMapper outside a REST entity
@RegisterForReflection(targets = { ChatCompletion.class, ChatCompletion.Choice.class, ChatCompletion.Message.class,
        ChatCompletion.Usage.class, ChatCompletion.Rag.class, ChatCompletion.Chunk.class, ChatCompletion.ChunkChoice.class,
        ChatCompletion.Delta.class, ChatCompletion.Model.class, ChatCompletion.ModelList.class })
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage,
        List<Citation> citations, Rag rag) {

    public static final String OBJECT = "chat.completion";
    public static final String STOP = "stop";

    public record Choice(int index, Message message, @JsonProperty("finish_reason") String finishReason) {
    }

    public record Message(String role, String content) {
    }

    /** Estimated token counts (see {@link Usage#estimate}). */
    public record Usage(@JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens,
            @JsonProperty("total_tokens") int totalTokens) {

        /** No tokenizer fits every model: about four characters a token, rounded up, for the messages and the answer. */
        public static Usage estimate(int promptCharacters, int completionCharacters) {
            int prompt = tokens(promptCharacters);
            int completion = tokens(completionCharacters);
            return new Usage(prompt, completion, prompt + completion);
        }

        private static int tokens(int characters) {
            return (characters + 3) / 4;
        }
    }

    /** How rag-suite made the answer: {@code mode} llm or extractive, and the model that wrote it ({@code openai:gpt-4o-mini}, {@code extractive}). */
    public record Rag(AnswerMode mode, String model) {
    }

    /** One {@code chat.completion.chunk}; {@code citations}, {@code rag} and {@code usage} only on the last ones. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices,
            List<Citation> citations, Rag rag, Usage usage) {

        public static final String OBJECT = "chat.completion.chunk";
    }

    public record ChunkChoice(int index, Delta delta,
            @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("finish_reason") String finishReason) {
    }

    /** What a chunk adds: the role on the first, text on the next ones, nothing on the last ({@code {}}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {
    }

    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {
    }

    public record ModelList(String object, List<Model> data) {
    }
}
